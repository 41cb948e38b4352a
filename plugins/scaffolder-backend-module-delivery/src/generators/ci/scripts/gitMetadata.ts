/** The version stamped into the binary: the nearest tag, else the abbreviated commit. */
export const GIT_VERSION_COMMAND = 'git describe --tags --always';

/**
 * The build time stamped into the binary: the commit's time in UTC, not the clock, so that
 * building a commit twice gives the same image.
 */
export const GIT_COMMIT_TIME_COMMAND =
  'TZ=UTC0 git log -1 --date=format-local:%Y-%m-%dT%H:%M:%SZ --format=%cd';

/**
 * Lets git use the credentials of a Tekton `basic-auth` workspace (`.git-credentials` and
 * `.gitconfig`, as in Tekton's own git tasks) when `$GIT_CREDENTIALS_DIR` holds them.
 */
export const GIT_CREDENTIALS_SNIPPET = `if [ -n "\${GIT_CREDENTIALS_DIR:-}" ] && [ -f "$GIT_CREDENTIALS_DIR/.git-credentials" ]; then
  cp "$GIT_CREDENTIALS_DIR/.git-credentials" "$HOME/.git-credentials"
  chmod 600 "$HOME/.git-credentials"
  git config --global credential.helper store
fi`;
