/** Where a GitOps change goes: straight onto the branch, or a pull request against it. */
export type GitopsChangeMode = 'commit' | 'pull-request';

export type GitopsProvider = 'local' | 'github' | 'gitlab';

/** One file change, with what the commit (and the pull request) say about it. */
export interface GitopsChange {
  /** The branch Argo CD follows. */
  branch: string;
  /** The file, relative to the repository root. */
  path: string;
  /** The content the change was computed from (the file at the branch tip when read). */
  previousContent: string;
  content: string;
  /** First line: the subject; the rest: the body. */
  message: string;
  /** For pull requests: the branch to create for the change. */
  changeBranch: string;
  title: string;
  description: string;
}

export interface GitopsChangeResult {
  commit: { sha: string; branch: string; url?: string };
  pullRequest?: { url: string; number?: number };
}

/** A GitOps repository the rollback can read files of and change one file in. */
export interface GitopsRepository {
  readonly provider: GitopsProvider;
  readonly mode: GitopsChangeMode;
  /** The repository as Argo CD names it. */
  readonly url: string;
  /** The branch a source of `HEAD` (or none) follows. */
  defaultBranch(): Promise<string>;
  /** A file at a commit or branch; undefined when the file (or the revision) does not exist. */
  readFile(revision: string, path: string): Promise<string | undefined>;
  /** Commits the change (or opens a pull request with it). */
  change(change: GitopsChange): Promise<GitopsChangeResult>;
}

/** A repository that moved or refused the change; the message names no local path. */
export class GitopsRepositoryError extends Error {
  constructor(
    message: string,
    /**
     * `conflict`: the branch moved or the change exists; `unavailable`: unreachable or timed
     * out; `refused`: the host or the repository refuses it; `failed`: reading or changing the
     * repository broke (the details are logged, not told to the caller).
     */
    readonly reason: 'conflict' | 'unavailable' | 'refused' | 'failed',
  ) {
    super(message);
    this.name = 'GitopsRepositoryError';
  }
}

const BRANCH = /^[A-Za-z0-9._/-]{1,200}$/;

/** A branch name that is safe on a command line and in a URL (git's rules, simplified). */
export function isBranchName(value: string): boolean {
  return (
    BRANCH.test(value) &&
    !value.startsWith('-') &&
    !value.startsWith('/') &&
    !value.endsWith('/') &&
    !value.endsWith('.lock') &&
    !value.includes('..') &&
    !value.includes('//')
  );
}

/**
 * A repository-relative path that stays inside the repository whatever resolves it: no `..`, `.`
 * or empty parts, nothing absolute or option-like, no `.git` in any letter case, no backslash
 * (a separator elsewhere) and no control characters.
 */
export function isRepositoryPath(value: string): boolean {
  const parts = value.split('/');
  return (
    value.length > 0 &&
    value.length <= 1024 &&
    !value.startsWith('/') &&
    !value.startsWith('-') &&
    !/[\\\p{Cc}]/u.test(value) &&
    parts.every(
      p => p !== '' && p !== '.' && p !== '..' && p.toLowerCase() !== '.git',
    )
  );
}
