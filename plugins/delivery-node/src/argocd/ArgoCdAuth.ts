/** Supplies the bearer token for one Argo CD instance. */
export interface ArgoCdAuth {
  /** A token to send; may log in first. */
  getToken(): Promise<string>;
  /**
   * Called after the instance answered 401 to `token`. Returns true when a retry with a fresh
   * token makes sense (a session that may have expired), false for a fixed token.
   */
  invalidate(token: string): boolean;
}
