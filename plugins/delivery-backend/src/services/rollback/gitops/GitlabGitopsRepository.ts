import { GitlabCredentialsProvider } from '@backstage/integration';
import {
  GitopsChange,
  GitopsChangeMode,
  GitopsChangeResult,
  GitopsRepository,
  GitopsRepositoryError,
} from './GitopsRepository';
import { scmRequest } from './scmRequest';

/**
 * A GitOps repository on GitLab, through the REST API (v4) with the credentials of the Backstage
 * GitLab integration: raw file reads at any revision, and a change as one commit on a new branch
 * plus a merge request (or a commit on the branch itself in `commit` mode).
 */
export class GitlabGitopsRepository implements GitopsRepository {
  readonly provider = 'gitlab' as const;

  constructor(
    private readonly options: {
      url: string;
      host: string;
      apiBaseUrl: string;
      /** `group/subgroup/project`. */
      projectPath: string;
      credentials: GitlabCredentialsProvider;
      mode: GitopsChangeMode;
    },
  ) {}

  get url(): string {
    return this.options.url;
  }

  get mode(): GitopsChangeMode {
    return this.options.mode;
  }

  private api(path: string, query: Record<string, string> = {}): URL {
    const base = this.options.apiBaseUrl.replace(/\/+$/, '');
    const url = new URL(
      `${base}/projects/${encodeURIComponent(this.options.projectPath)}${path}`,
    );
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  }

  private async call<T>(
    url: URL,
    options: {
      method?: 'GET' | 'POST';
      body?: unknown;
      notFound?: boolean;
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
      headers: { ...headers },
    });
  }

  async defaultBranch(): Promise<string> {
    const project = await this.call<{ default_branch?: string }>(this.api(''));
    return project?.default_branch ?? 'main';
  }

  async readFile(revision: string, path: string): Promise<string | undefined> {
    return this.call<string>(
      this.api(`/repository/files/${encodeURIComponent(path)}/raw`, {
        ref: revision,
      }),
      { notFound: true, raw: true },
    );
  }

  async change(change: GitopsChange): Promise<GitopsChangeResult> {
    const current = await this.readFile(change.branch, change.path);
    if (current !== change.previousContent) {
      throw new GitopsRepositoryError(
        `${change.path} on ${change.branch} changed since the rollback was computed; preview it again`,
        'conflict',
      );
    }
    const pullRequest = this.mode === 'pull-request';
    const branch = pullRequest ? change.changeBranch : change.branch;
    const commit = await this.call<{ id?: string; web_url?: string }>(
      this.api('/repository/commits'),
      {
        method: 'POST',
        body: {
          branch,
          ...(pullRequest ? { start_branch: change.branch } : {}),
          commit_message: change.message,
          actions: [
            {
              action: 'update',
              file_path: change.path,
              content: change.content,
            },
          ],
        },
      },
    );
    const result: GitopsChangeResult = {
      commit: {
        sha: commit?.id ?? '',
        branch,
        ...(commit?.web_url ? { url: commit.web_url } : {}),
      },
    };
    if (!pullRequest) return result;
    const mergeRequest = await this.call<{ web_url?: string; iid?: number }>(
      this.api('/merge_requests'),
      {
        method: 'POST',
        body: {
          source_branch: change.changeBranch,
          target_branch: change.branch,
          title: change.title,
          description: change.description,
          remove_source_branch: true,
        },
      },
    );
    return {
      ...result,
      pullRequest: {
        url: mergeRequest?.web_url ?? '',
        number: mergeRequest?.iid,
      },
    };
  }
}
