import { scmRequest } from './scmRequest';

/**
 * One repository's REST API on a Git host: URLs under the repository's own base path, and calls
 * with the integration's credentials and the host's headers. The GitHub and GitLab repositories
 * speak their API through it.
 */
export class ScmApi {
  private readonly base: string;

  constructor(
    private readonly options: {
      host: string;
      /** The repository's URL, which the credentials are asked for. */
      repositoryUrl: string;
      /** The API's base URL plus the repository's path (`…/repos/o/r`, `…/projects/g%2Fp`). */
      baseUrl: string;
      credentials: (url: string) => Promise<Record<string, string> | undefined>;
      headers?: Record<string, string>;
    },
  ) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  /** An API URL below the repository. */
  url(path: string, query: Record<string, string> = {}): URL {
    const url = new URL(`${this.base}${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  }

  async call<T>(
    url: URL,
    options: {
      method?: 'GET' | 'POST' | 'PUT';
      body?: unknown;
      /** A 404 answers undefined (a file or revision that does not exist). */
      notFound?: boolean;
      /** The raw text instead of parsed JSON. */
      raw?: boolean;
    } = {},
  ): Promise<T | undefined> {
    const credentials = await this.options.credentials(
      this.options.repositoryUrl,
    );
    return scmRequest<T>({
      host: this.options.host,
      url,
      method: options.method,
      body: options.body,
      raw: options.raw,
      notFoundIsUndefined: options.notFound,
      headers: { ...this.options.headers, ...credentials },
    });
  }
}
