import { GIT_CREDENTIALS_SNIPPET } from './gitMetadata';

/** Attempts at pushing the bump before giving up (each retry starts from the new tip). */
export const GITOPS_PUSH_ATTEMPTS = 5;

/**
 * Points the environments named in `$OVERLAYS` (space-separated) of `$GITOPS_PATH` in the GitOps
 * repository at `$IMAGE:$TAG@$DIGEST` and pushes the commit to `$GITOPS_BRANCH`: a Kustomize
 * layout with `kustomize edit set image` in `overlays/<env>`, a Helm one (`manifests: helm`) by
 * pinning `image.tag` and `image.digest` (quoted strings) in `chart/values-<env>.yaml`. When
 * another pipeline pushed first, it starts again from the new tip instead of merging, so two
 * bumps never conflict.
 */
export const GITOPS_BUMP_SCRIPT = `#!/bin/sh
set -eu
${GIT_CREDENTIALS_SNIPPET}
# image.tag and image.digest of a Helm values file (the top-level image map, indented by two).
pin_helm_image() {
  awk -v tag="$TAG" -v digest="$DIGEST" '
    function pin() {
      if (!tag_set) print "  tag: \\"" tag "\\""
      if (!digest_set) print "  digest: \\"" digest "\\""
      tag_set = 1
      digest_set = 1
    }
    in_image && /^[^ #]/ { pin(); in_image = 0 }
    /^image:[ ]*$/ { print; in_image = 1; found = 1; next }
    in_image && /^  tag:/ { print "  tag: \\"" tag "\\""; tag_set = 1; next }
    in_image && /^  digest:/ { print "  digest: \\"" digest "\\""; digest_set = 1; next }
    { print }
    END { if (in_image) pin(); else if (!found) { print "image:"; pin() } }
  ' "$1" >"$1.new"
  mv "$1.new" "$1"
}
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
git clone --quiet --branch "$GITOPS_BRANCH" "$GITOPS_REPO_URL" "$workdir"
cd "$workdir"
attempt=1
while :; do
  for overlay in $OVERLAYS; do
    if [ -d "$GITOPS_PATH/overlays/$overlay" ]; then
      (cd "$GITOPS_PATH/overlays/$overlay" && kustomize edit set image "$IMAGE=$IMAGE:$TAG@$DIGEST")
    elif [ -f "$GITOPS_PATH/chart/values-$overlay.yaml" ]; then
      pin_helm_image "$GITOPS_PATH/chart/values-$overlay.yaml"
    else
      echo "$GITOPS_PATH has neither overlays/$overlay nor chart/values-$overlay.yaml" >&2
      exit 1
    fi
  done
  git add -A "$GITOPS_PATH"
  if git diff --cached --quiet; then
    echo "$OVERLAYS already deploy $IMAGE:$TAG"
    exit 0
  fi
  git -c user.name='Delivery pipeline' -c user.email='delivery-pipeline@noreply.invalid' \\
    commit --quiet -m "deploy($SERVICE_NAME): $TAG to $OVERLAYS" -m "Image: $IMAGE:$TAG@$DIGEST"
  if git push --quiet origin "HEAD:$GITOPS_BRANCH"; then
    echo "$OVERLAYS now deploy $IMAGE:$TAG@$DIGEST"
    exit 0
  fi
  if [ "$attempt" -ge ${GITOPS_PUSH_ATTEMPTS} ]; then
    echo "could not push to $GITOPS_BRANCH after $attempt attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep "$attempt"
  git fetch --quiet origin "$GITOPS_BRANCH"
  git reset --quiet --hard FETCH_HEAD
done
`;
