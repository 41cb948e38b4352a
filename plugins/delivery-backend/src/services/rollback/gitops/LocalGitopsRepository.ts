import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCommitSha } from '@go-delivery/plugin-delivery-common';
import {
  GitopsChange,
  GitopsChangeResult,
  GitopsRepository,
  GitopsRepositoryError,
  isBranchName,
  isRepositoryPath,
} from './GitopsRepository';
import {
  GitCommandError,
  GitIdentity,
  runGit,
} from '@go-delivery/plugin-delivery-node';

/** A revision git may be given on the command line: a commit SHA or a checked branch name. */
function checkedRevision(revision: string): string {
  if (!isCommitSha(revision) && !isBranchName(revision)) {
    throw new GitopsRepositoryError(
      `'${revision.slice(0, 80)}' is not a commit or branch`,
      'refused',
    );
  }
  return revision;
}

function checkedPath(path: string): string {
  if (!isRepositoryPath(path)) {
    throw new GitopsRepositoryError(
      `'${path.slice(0, 80)}' is not a file path inside the repository`,
      'refused',
    );
  }
  return path;
}

/**
 * A git repository on the backend's machine (the local publisher's, or one named in config):
 * files are read with `git show`, and a change is committed in a temporary clone and pushed back,
 * so the repository's own working tree is never edited half-way and a branch that moved
 * meanwhile is refused instead of overwritten. Its path comes from config, never from a request.
 */
export class LocalGitopsRepository implements GitopsRepository {
  readonly provider = 'local' as const;
  readonly mode = 'commit' as const;

  constructor(
    private readonly options: {
      url: string;
      /** Absolute path of the repository (working tree or bare). */
      path: string;
      identity: GitIdentity;
    },
  ) {}

  get url(): string {
    return this.options.url;
  }

  private git(args: string[], cwd = this.options.path, allowed?: number[]) {
    return runGit(args, {
      cwd,
      identity: this.options.identity,
      allowedExitCodes: allowed,
    });
  }

  async defaultBranch(): Promise<string> {
    const { stdout } = await this.git(['symbolic-ref', '--short', 'HEAD']);
    return stdout.trim();
  }

  async readFile(revision: string, path: string): Promise<string | undefined> {
    const spec = `${checkedRevision(revision)}:${checkedPath(path)}`;
    // `cat-file -e` answers 128 for a revision or path that does not exist.
    const exists = await this.git(
      ['cat-file', '-e', spec],
      undefined,
      [1, 128],
    );
    if (exists.code !== 0) return undefined;
    const { stdout } = await this.git(['cat-file', 'blob', spec]);
    return stdout;
  }

  async change(change: GitopsChange): Promise<GitopsChangeResult> {
    const branch = checkedRevision(change.branch);
    const path = checkedPath(change.path);
    const work = await mkdtemp(join(tmpdir(), 'delivery-rollback-'));
    try {
      await this.git(
        [
          'clone',
          '--quiet',
          '--no-local',
          '--branch',
          branch,
          '--',
          this.options.path,
          work,
        ],
        work,
      );
      const current = await this.git(
        ['cat-file', 'blob', `HEAD:${path}`],
        work,
      );
      if (current.stdout !== change.previousContent) {
        throw new GitopsRepositoryError(
          `${path} on ${branch} changed since the rollback was computed; preview it again`,
          'conflict',
        );
      }
      await writeFile(join(work, path), change.content);
      await this.git(['add', '--', path], work);
      await this.git(
        ['commit', '--quiet', '--no-verify', '-m', change.message],
        work,
      );
      const { stdout } = await this.git(['rev-parse', 'HEAD'], work);
      try {
        await this.git(
          [
            'push',
            '--quiet',
            // A non-bare repository takes a push to its checked-out branch when its working tree
            // is clean (what the local publisher sets up for its repositories).
            '--receive-pack=git -c receive.denyCurrentBranch=updateInstead receive-pack',
            'origin',
            `HEAD:refs/heads/${branch}`,
          ],
          work,
        );
      } catch (error) {
        if (error instanceof GitCommandError) {
          throw new GitopsRepositoryError(
            `${
              this.options.url
            } refused the push to ${branch} (it moved meanwhile?): ${error.stderr.trim()}`,
            'conflict',
          );
        }
        throw error;
      }
      return { commit: { sha: stdout.trim(), branch } };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}
