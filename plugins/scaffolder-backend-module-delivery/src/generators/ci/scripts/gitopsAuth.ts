/**
 * Git over HTTPS with `$GITOPS_TOKEN` in a header scoped to `$GITOPS_REPO_URL`, so it is sent
 * nowhere else and never written into a remote URL. GitHub takes the user `x-access-token` with
 * any token; GitLab takes any user name with an access token.
 */
export const GITOPS_AUTH_SCRIPT = `auth=$(printf 'x-access-token:%s' "$GITOPS_TOKEN" | base64 -w0)
git config --global "http.$GITOPS_REPO_URL.extraHeader" "Authorization: Basic $auth"`;
