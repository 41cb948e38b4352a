import { requestJson } from '../http/requestJson';
import { UpstreamError } from '../http/UpstreamError';
import { ArgoCdAuth } from './ArgoCdAuth';

export interface SessionAuthOptions {
  instance: string;
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs: number;
  /** Used when the session token is not a JWT with an `exp` claim. */
  fallbackLifetimeMs: number;
  /**
   * Renew this long before the token expires, so a request never carries an expired token.
   * Defaults to a tenth of the token's lifetime, at most 30 s.
   */
  renewBeforeMs?: number;
  now?: () => number;
}

interface Session {
  token: string;
  expiresAt: number;
  renewAt: number;
}

/** Reads the `exp` claim of a JWT without verifying it (Argo CD verifies; we only schedule renewal). */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(
      Buffer.from(parts[1], 'base64url').toString('utf8'),
    );
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Username/password login (`POST /api/v1/session`). One session per instance is shared by all
 * requests and reused until shortly before it expires; concurrent callers wait for the same login.
 */
export class SessionAuth implements ArgoCdAuth {
  private session?: Session;
  private pendingLogin?: Promise<Session>;
  private readonly now: () => number;

  constructor(private readonly options: SessionAuthOptions) {
    this.now = options.now ?? Date.now;
  }

  async getToken(): Promise<string> {
    if (this.session && this.session.renewAt > this.now()) {
      return this.session.token;
    }
    if (!this.pendingLogin) {
      this.pendingLogin = this.login().finally(() => {
        this.pendingLogin = undefined;
      });
    }
    return (await this.pendingLogin).token;
  }

  invalidate(token: string): boolean {
    if (this.session?.token === token) this.session = undefined;
    return true;
  }

  private async login(): Promise<Session> {
    const { instance, baseUrl, username, password, timeoutMs } = this.options;
    const response = await requestJson<{ token?: unknown }>({
      kind: 'argocd',
      instance,
      url: new URL('api/v1/session', baseUrl),
      method: 'POST',
      body: { username, password },
      timeoutMs,
    });
    if (typeof response?.token !== 'string' || !response.token) {
      throw new UpstreamError({
        kind: 'argocd',
        instance,
        reason: 'bad-response',
        detail: 'answered the login without a token',
      });
    }
    const now = this.now();
    const expiresAt =
      jwtExpiry(response.token) ?? now + this.options.fallbackLifetimeMs;
    const renewBefore =
      this.options.renewBeforeMs ?? Math.min(30_000, (expiresAt - now) / 10);
    const session = {
      token: response.token,
      expiresAt,
      renewAt: expiresAt - renewBefore,
    };
    this.session = session;
    return session;
  }
}
