import { GitlabCredentialsProvider } from '@backstage/integration';
import {
  GitopsChange,
  GitopsChangeMode,
  GitopsChangeResult,
  GitopsRepository,
  GitopsRepositoryError,
} from './GitopsRepository';
import { ScmApi, ScmRepositoryOptions } from './ScmApi';

/**
 * A GitOps repository on GitLab, through the REST API (v4) with the credentials of the Backstage
 * GitLab integration: raw file reads at any revision, and a change as one commit on a new branch
 * plus a merge request (or a commit on the branch itself in `commit` mode).
 */
export class GitlabGitopsRepository implements GitopsRepository {
  readonly url: string;
  readonly mode: GitopsChangeMode;
  private readonly scm: ScmApi;
  readonly provider = 'gitlab' as const;

  constructor(
    options: ScmRepositoryOptions & {
      /** `group/subgroup/project`. */
      projectPath: string;
      credentials: GitlabCredentialsProvider;
      mode: GitopsChangeMode;
    },
  ) {
    this.url = options.url;
    this.mode = options.mode;
    this.scm = new ScmApi({
      ...options,
      repositoryPath: `/projects/${encodeURIComponent(options.projectPath)}`,
    });
  }

  async defaultBranch(): Promise<string> {
    const project = await this.scm.call<{ default_branch?: string }>(
      this.scm.url(''),
    );
    return project?.default_branch ?? 'main';
  }

  async readFile(revision: string, path: string): Promise<string | undefined> {
    return this.scm.call<string>(
      this.scm.url(`/repository/files/${encodeURIComponent(path)}/raw`, {
        ref: revision,
      }),
      { notFound: true, raw: true },
    );
  }

  /** The file with the commit that last changed it, for GitLab's check that it has not moved. */
  private async readFileVersion(
    branch: string,
    path: string,
  ): Promise<{ text: string; lastCommitId?: string } | undefined> {
    const file = await this.scm.call<{
      content?: string;
      last_commit_id?: string;
    }>(
      this.scm.url(`/repository/files/${encodeURIComponent(path)}`, {
        ref: branch,
      }),
      {
        notFound: true,
      },
    );
    if (typeof file?.content !== 'string') return undefined;
    return {
      text: Buffer.from(file.content, 'base64').toString('utf8'),
      lastCommitId: file.last_commit_id,
    };
  }

  /** The merge request from a change branch, if an earlier attempt opened it. */
  private async openMergeRequest(
    changeBranch: string,
  ): Promise<GitopsChangeResult | undefined> {
    const requests = await this.scm.call<
      Array<{ web_url?: string; iid?: number; sha?: string }>
    >(this.scm.url('/merge_requests', { source_branch: changeBranch }));
    const request = Array.isArray(requests) ? requests[0] : undefined;
    if (!request) return undefined;
    return {
      commit: { sha: request.sha ?? '', branch: changeBranch },
      pullRequest: { url: request.web_url ?? '', number: request.iid },
    };
  }

  async change(change: GitopsChange): Promise<GitopsChangeResult> {
    const pullRequest = this.mode === 'pull-request';
    if (pullRequest) {
      // Named after the request's idempotency key: a retry finds what an earlier attempt opened.
      const existing = await this.openMergeRequest(change.changeBranch);
      if (existing) return existing;
    }
    const current = await this.readFileVersion(change.branch, change.path);
    if (current?.text !== change.previousContent) {
      throw new GitopsRepositoryError(
        `${change.path} on ${change.branch} changed since the rollback was computed; preview it again`,
        'conflict',
      );
    }
    const branch = pullRequest ? change.changeBranch : change.branch;
    const commit = await this.scm.call<{ id?: string; web_url?: string }>(
      this.scm.url('/repository/commits'),
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
              // GitLab refuses the commit when the file changed since this version was read.
              ...(current.lastCommitId
                ? { last_commit_id: current.lastCommitId }
                : {}),
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
    const mergeRequest = await this.scm.call<{
      web_url?: string;
      iid?: number;
    }>(this.scm.url('/merge_requests'), {
      method: 'POST',
      body: {
        source_branch: change.changeBranch,
        target_branch: change.branch,
        title: change.title,
        description: change.description,
        remove_source_branch: true,
      },
    });
    return {
      ...result,
      pullRequest: {
        url: mergeRequest?.web_url ?? '',
        number: mergeRequest?.iid,
      },
    };
  }
}
