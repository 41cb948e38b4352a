import { SERVICE_CONTRACT } from '../../contract';

const { dockerBuildArgs } = SERVICE_CONTRACT;

/**
 * Builds the Dockerfile in the working directory for every platform in `$PLATFORMS` with
 * rootless BuildKit, pushes `$IMAGE:$TAG` (an image index) and writes its digest and
 * reference to `$RESULT_IMAGE_DIGEST` and `$RESULT_IMAGE_URL`. The Dockerfile cross-compiles,
 * so no emulation is needed.
 */
export const BUILD_IMAGE_SCRIPT = `#!/bin/sh
set -eu
metadata=$(mktemp)
buildctl-daemonless.sh build \\
  --frontend dockerfile.v0 \\
  --local context=. \\
  --local dockerfile=. \\
  --opt "platform=$PLATFORMS" \\
  --opt "build-arg:${dockerBuildArgs.version}=$VERSION" \\
  --opt "build-arg:${dockerBuildArgs.commit}=$COMMIT_SHA" \\
  --opt "build-arg:${dockerBuildArgs.buildTime}=$BUILD_TIME" \\
  --output "type=image,name=$IMAGE:$TAG,push=true" \\
  --metadata-file "$metadata"
digest=$(grep -o '"containerimage.digest": *"sha256:[0-9a-f]*"' "$metadata" | grep -o 'sha256:[0-9a-f]*')
if [ -z "$digest" ]; then
  echo "BuildKit reported no image digest" >&2
  exit 1
fi
printf '%s' "$digest" > "$RESULT_IMAGE_DIGEST"
printf '%s' "$IMAGE:$TAG" > "$RESULT_IMAGE_URL"
echo "pushed $IMAGE:$TAG@$digest"
`;
