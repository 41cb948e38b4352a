import {
  GIT_COMMIT_TIME_COMMAND,
  GIT_CREDENTIALS_SNIPPET,
  GIT_VERSION_COMMAND,
} from './gitMetadata';

/**
 * Checks out `$REVISION` of `$REPO_URL` into `$SOURCE_DIR` and writes the resolved commit, its
 * time and the version to the files named by `$RESULT_COMMIT`, `$RESULT_COMMIT_TIME` and
 * `$RESULT_VERSION` (Tekton results).
 */
export const CHECKOUT_SCRIPT = `#!/bin/sh
set -eu
${GIT_CREDENTIALS_SNIPPET}
rm -rf "$SOURCE_DIR"
git init --quiet "$SOURCE_DIR"
cd "$SOURCE_DIR"
git remote add origin "$REPO_URL"
# The whole history and the tags, so that git describe finds the version.
git fetch --quiet --tags origin "$REVISION"
git checkout --quiet --detach FETCH_HEAD
printf '%s' "$(git rev-parse HEAD)" > "$RESULT_COMMIT"
printf '%s' "$(${GIT_COMMIT_TIME_COMMAND})" > "$RESULT_COMMIT_TIME"
printf '%s' "$(${GIT_VERSION_COMMAND})" > "$RESULT_VERSION"
echo "checked out $(git rev-parse HEAD) ($(${GIT_VERSION_COMMAND}))"
`;
