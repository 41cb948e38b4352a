import { GIT_CREDENTIALS_SNIPPET } from './gitMetadata';

/** Attempts at pushing the bump before giving up (each retry starts from the new tip). */
export const GITOPS_PUSH_ATTEMPTS = 5;

/**
 * Points the overlays named in `$OVERLAYS` (space-separated) of `$GITOPS_PATH` in the GitOps
 * repository at `$IMAGE:$TAG@$DIGEST` with `kustomize edit set image` and pushes the commit
 * to `$GITOPS_BRANCH`. When another pipeline pushed first, it starts again from the new tip
 * instead of merging, so two bumps never conflict.
 */
export const GITOPS_BUMP_SCRIPT = `#!/bin/sh
set -eu
${GIT_CREDENTIALS_SNIPPET}
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
git clone --quiet --branch "$GITOPS_BRANCH" "$GITOPS_REPO_URL" "$workdir"
cd "$workdir"
attempt=1
while :; do
  for overlay in $OVERLAYS; do
    (cd "$GITOPS_PATH/overlays/$overlay" && kustomize edit set image "$IMAGE=$IMAGE:$TAG@$DIGEST")
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
