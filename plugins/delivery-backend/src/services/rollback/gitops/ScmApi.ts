import { scmRequest } from './scmRequest';

/** What a repository on a Git host is configured with. */
export interface ScmRepositoryOptions {
  /** The repository's URL, which the integration's credentials are asked for. */
  url: string;
  host: string;
  apiBaseUrl: string;
  credentials: {
    getCredentials(options: {
      url: string;
    }): Promise<{ headers?: Record<string, string> }>;
  };
}

/**
 * One repository's REST API on a Git host: URLs under the repository's own base path, and calls
 * with the integration's credentials and the host's headers. The GitHub and GitLab repositories
 * speak their API through it.
 */
export class ScmApi {
  private readonly base: string;

  constructor(
    private readonly options: ScmRepositoryOptions & {
      /** The repository below the API (`/repos/o/r`, `/projects/g%2Fp`). */
      repositoryPath: string;
      headers?: Record<string, string>;
    },
  ) {
    this.base = `${options.apiBaseUrl.replace(/\/+$/, '')}${
      options.repositoryPath
    }`;
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
    const { headers } = await this.options.credentials.getCredentials({
      url: this.options.url,
    });
    return scmRequest<T>({
      host: this.options.host,
      url,
      method: options.method,
      body: options.body,
      raw: options.raw,
      notFoundIsUndefined: options.notFound,
      headers: { ...this.options.headers, ...headers },
    });
  }
}
