import {
  DefaultGithubCredentialsProvider,
  DefaultGitlabCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import yaml from 'yaml';
import { CATALOG_INFO_FILE } from '../actions/writeCatalogInfoAction';
import type { HostedRepository } from '../spec/repositoryLocations';
import { isCreatedByTask, markedTaskId } from './taskMarker';

export type HostedTarget = 'github' | 'gitlab';

/** What asking a Git host about a repository found: a conflict, nothing, or that it could not tell. */
export interface HostedRepositoryFinding {
  conflict?: string;
  /** Why the host could not be asked; the repository may or may not exist. */
  unchecked?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** An answer of the host's API. */
interface Answer {
  status: number;
  text: string;
}

const LABELS: Record<HostedTarget, string> = {
  github: 'GitHub repository',
  gitlab: 'GitLab project',
};

/** The repository's API and how to read it, per kind of host. */
interface HostApi {
  /** The credentials' headers, or why there are none. */
  headers(): Promise<Record<string, string> | string>;
  repositoryUrl: string;
  /** The URL of the catalog file on the default branch, from the repository's JSON. */
  catalogInfoUrl(repositoryJson: any): string | undefined;
  /** Accept header that makes the file come back as its raw text. */
  rawAccept: string;
}

/** The network error's code (fetch hides it in `cause`), else the message. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  return (
    cause?.code ??
    cause?.message ??
    (error as { message?: string })?.message ??
    String(error)
  );
}

/**
 * Asks GitHub or GitLab whether the service repository a run would create exists, with the
 * credentials of the portal's integrations (`integrations.github` / `integrations.gitlab`). A
 * repository whose `catalog-info.yaml` carries this task's id is the task's own (an earlier
 * attempt made it). When the host cannot be asked (no integration or token, unreachable, refused),
 * the finding says so instead of guessing: without credentials a private repository looks absent.
 */
export class HostedRepositories {
  private readonly github: DefaultGithubCredentialsProvider;
  private readonly gitlab: DefaultGitlabCredentialsProvider;

  constructor(
    private readonly options: {
      integrations: ScmIntegrationRegistry;
      timeoutMs?: number;
    },
  ) {
    this.github = DefaultGithubCredentialsProvider.fromIntegrations(
      options.integrations,
    );
    this.gitlab = DefaultGitlabCredentialsProvider.fromIntegrations(
      options.integrations,
    );
  }

  async conflict(
    target: HostedTarget,
    repository: HostedRepository,
    taskId: string,
  ): Promise<HostedRepositoryFinding> {
    const api = this.api(target, repository);
    const name = `${LABELS[target]} ${repository.owner}/${repository.repo}`;
    if (!api) {
      return {
        unchecked: `could not check whether ${name} exists: no integrations.${target} entry for ${repository.host}`,
      };
    }
    const headers = await api.headers().catch(error => describe(error));
    if (typeof headers === 'string') {
      return {
        unchecked: `could not check whether ${name} exists on ${repository.host}: ${headers}`,
      };
    }
    try {
      const found = await this.get(
        api.repositoryUrl,
        headers,
        'application/json',
      );
      if (found.status === 404) return {};
      if (found.status !== 200) {
        return {
          unchecked: `could not check whether ${name} exists: ${repository.host} answered HTTP ${found.status}`,
        };
      }
      const fileUrl = api.catalogInfoUrl(JSON.parse(found.text));
      const file = fileUrl
        ? await this.get(fileUrl, headers, api.rawAccept)
        : undefined;
      if (file?.status === 200 && this.isOwnCatalogInfo(file.text, taskId)) {
        return {};
      }
      return { conflict: `${name} already exists on ${repository.host}` };
    } catch (error) {
      return {
        unchecked: `could not check whether ${name} exists: ${
          repository.host
        } could not be reached (${describe(error)})`,
      };
    }
  }

  private api(
    target: HostedTarget,
    repository: HostedRepository,
  ): HostApi | undefined {
    const { host, owner, repo } = repository;
    const url = `https://${host}/${owner}/${repo}`;
    if (target === 'github') {
      const config = this.options.integrations.github.byHost(host)?.config;
      if (!config?.apiBaseUrl) return undefined;
      const base = `${config.apiBaseUrl.replace(
        /\/+$/,
        '',
      )}/repos/${owner}/${repo}`;
      return {
        headers: async () => {
          const { headers } = await this.github.getCredentials({ url });
          return (
            headers ??
            `no token or GitHub App for ${owner} in integrations.github`
          );
        },
        repositoryUrl: base,
        catalogInfoUrl: () => `${base}/contents/${CATALOG_INFO_FILE}`,
        rawAccept: 'application/vnd.github.raw',
      };
    }
    const config = this.options.integrations.gitlab.byHost(host)?.config;
    if (!config?.apiBaseUrl) return undefined;
    const base = `${config.apiBaseUrl.replace(
      /\/+$/,
      '',
    )}/projects/${encodeURIComponent(`${owner}/${repo}`)}`;
    return {
      headers: async () => {
        const { headers } = await this.gitlab.getCredentials({ url });
        return headers ?? 'no token in integrations.gitlab';
      },
      repositoryUrl: base,
      // An empty project has no default branch, hence no file.
      catalogInfoUrl: project =>
        project?.default_branch
          ? `${base}/repository/files/${CATALOG_INFO_FILE}/raw?ref=${encodeURIComponent(
              project.default_branch,
            )}`
          : undefined,
      rawAccept: 'text/plain',
    };
  }

  private async get(
    url: string,
    headers: Record<string, string>,
    accept: string,
  ): Promise<Answer> {
    const response = await fetch(url, {
      headers: { ...headers, accept },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      redirect: 'follow',
    });
    return { status: response.status, text: await response.text() };
  }

  private isOwnCatalogInfo(text: string, taskId: string): boolean {
    try {
      return yaml
        .parseAllDocuments(text)
        .map(document => document.toJS())
        .some(entity =>
          isCreatedByTask(markedTaskId(entity?.metadata?.annotations), taskId),
        );
    } catch {
      return false;
    }
  }
}
