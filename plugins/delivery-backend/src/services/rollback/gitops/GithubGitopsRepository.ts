import { GithubCredentialsProvider } from '@backstage/integration';
import {
  GitopsChange,
  GitopsChangeMode,
  GitopsChangeResult,
  GitopsRepository,
  GitopsRepositoryError,
} from './GitopsRepository';
import { ScmApi, ScmRepositoryOptions } from './ScmApi';

/**
 * A GitOps repository on GitHub (or GitHub Enterprise), through the REST API with the
 * credentials of the Backstage GitHub integration: a file read at any revision, and a change as
 * a branch + commit + pull request (or a commit on the branch itself in `commit` mode).
 */
export class GithubGitopsRepository implements GitopsRepository {
  readonly url: string;
  readonly mode: GitopsChangeMode;
  private readonly scm: ScmApi;
  private readonly ownerAndRepo: [string, string];
  readonly provider = 'github' as const;

  constructor(
    options: ScmRepositoryOptions & {
      owner: string;
      repo: string;
      credentials: GithubCredentialsProvider;
      mode: GitopsChangeMode;
    },
  ) {
    this.url = options.url;
    this.mode = options.mode;
    this.ownerAndRepo = [options.owner, options.repo];
    this.scm = new ScmApi({
      ...options,
      repositoryPath: `/repos/${encodeURIComponent(
        options.owner,
      )}/${encodeURIComponent(options.repo)}`,
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
      },
    });
  }

  private contentsPath(path: string): string {
    return `/contents/${path.split('/').map(encodeURIComponent).join('/')}`;
  }

  async defaultBranch(): Promise<string> {
    const repo = await this.scm.call<{ default_branch?: string }>(
      this.scm.url(''),
    );
    return repo?.default_branch ?? 'main';
  }

  private async readContents(
    revision: string,
    path: string,
  ): Promise<{ text: string; sha: string } | undefined> {
    const file = await this.scm.call<{
      content?: string;
      sha?: string;
      type?: string;
    }>(this.scm.url(this.contentsPath(path), { ref: revision }), {
      notFound: true,
    });
    if (!file || file.type !== 'file' || typeof file.content !== 'string') {
      return undefined;
    }
    return {
      text: Buffer.from(file.content, 'base64').toString('utf8'),
      sha: file.sha ?? '',
    };
  }

  async readFile(revision: string, path: string): Promise<string | undefined> {
    return (await this.readContents(revision, path))?.text;
  }

  /** The pull request from a change branch, if an earlier attempt opened it. */
  private async openPullRequest(
    changeBranch: string,
  ): Promise<GitopsChangeResult | undefined> {
    const [owner] = this.ownerAndRepo;
    const pulls = await this.scm.call<
      Array<{ html_url?: string; number?: number; head?: { sha?: string } }>
    >(
      this.scm.url('/pulls', {
        head: `${owner}:${changeBranch}`,
        state: 'all',
      }),
    );
    const pull = Array.isArray(pulls) ? pulls[0] : undefined;
    if (!pull) return undefined;
    return {
      commit: { sha: pull.head?.sha ?? '', branch: changeBranch },
      pullRequest: { url: pull.html_url ?? '', number: pull.number },
    };
  }

  async change(change: GitopsChange): Promise<GitopsChangeResult> {
    if (this.mode === 'pull-request') {
      // The branch is named after the request's idempotency key: a retry (on any replica)
      // finds the pull request an earlier attempt opened instead of opening a second one.
      const existing = await this.openPullRequest(change.changeBranch);
      if (existing) return existing;
    }
    const current = await this.readContents(change.branch, change.path);
    if (!current || current.text !== change.previousContent) {
      throw new GitopsRepositoryError(
        `${change.path} on ${change.branch} changed since the rollback was computed; preview it again`,
        'conflict',
      );
    }
    let branch = change.branch;
    if (this.mode === 'pull-request') {
      const base = await this.scm.call<{ object?: { sha?: string } }>(
        this.scm.url(`/git/ref/heads/${refPath(change.branch)}`),
      );
      await this.scm.call(this.scm.url('/git/refs'), {
        method: 'POST',
        body: {
          ref: `refs/heads/${change.changeBranch}`,
          sha: base?.object?.sha,
        },
      });
      branch = change.changeBranch;
    }
    const updated = await this.scm.call<{
      commit?: { sha?: string; html_url?: string };
    }>(this.scm.url(this.contentsPath(change.path)), {
      method: 'PUT',
      body: {
        message: change.message,
        content: Buffer.from(change.content, 'utf8').toString('base64'),
        sha: current.sha,
        branch,
      },
    });
    const commit = {
      sha: updated?.commit?.sha ?? '',
      branch,
      ...(updated?.commit?.html_url ? { url: updated.commit.html_url } : {}),
    };
    if (this.mode !== 'pull-request') return { commit };
    const pull = await this.scm.call<{ html_url?: string; number?: number }>(
      this.scm.url('/pulls'),
      {
        method: 'POST',
        body: {
          title: change.title,
          head: change.changeBranch,
          base: change.branch,
          body: change.description,
        },
      },
    );
    return {
      commit,
      pullRequest: { url: pull?.html_url ?? '', number: pull?.number },
    };
  }
}

/** A branch name as the refs API wants it in a path. */
function refPath(branch: string): string {
  return branch.split('/').map(encodeURIComponent).join('/');
}
