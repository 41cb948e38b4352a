/** `scheme://` followed by userinfo: everything up to the last `@` before the host ends. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;

/**
 * A repository URL as it may be shown: without the `user:token@` that an Argo CD `repoURL` can
 * carry (Argo CD accepts credentials inline), so a token never reaches the browser, a message or
 * a log. Everything else is kept as written; text that is not a URL passes unchanged.
 */
export function withoutUserinfo(url: string): string {
  return url.replace(USERINFO, '$1');
}
