import { ArgoCdAuth } from './ArgoCdAuth';

/** A configured API token (an Argo CD project or account token). */
export class StaticTokenAuth implements ArgoCdAuth {
  constructor(private readonly token: string) {}

  async getToken(): Promise<string> {
    return this.token;
  }

  invalidate(): boolean {
    return false;
  }
}
