import { LoggerService } from '@backstage/backend-plugin-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCommitSha } from '@go-delivery/plugin-delivery-common';
import {
  GitCommandError,
  GitIdentity,
  runGit,
} from '@go-delivery/plugin-delivery-node';
import {
  GitopsChange,
  GitopsChangeResult,
  GitopsRepository,
  GitopsRepositoryError,
  isBranchName,
  isRepositoryPath,
} from './GitopsRepository';
import { overwriteTreeFile } from './overwriteTreeFile';
import {
  classifyTreePath,
  parseTreeEntries,
  TreeFile,
  unlistedDirectory,
} from './treeEntries';

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

/** What the caller is told when a step fails: the step, never its paths or git's output. */
type Operation = 'read' | 'updated';

/**
 * A git repository on the backend's machine (the local publisher's, or one named in config):
 * files are read from git's objects, and a change is committed in a temporary clone and pushed
 * back, so the repository's own working tree is never edited half-way and a branch that moved
 * meanwhile is refused instead of overwritten. Its path comes from config, never from a request.
 *
 * A path whose file, or a directory on the way to it, is a symbolic link is refused for reading
 * and writing alike: following it would read or write outside the repository. A failing git or
 * file step is logged with its details and answered with a short message naming the step.
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
      logger: LoggerService;
    },
  ) {}

  get url(): string {
    return this.options.url;
  }

  async defaultBranch(): Promise<string> {
    const { stdout } = await this.git('read', {
      args: ['symbolic-ref', '--short', 'HEAD'],
    });
    return stdout.trim();
  }

  async readFile(revision: string, path: string): Promise<string | undefined> {
    return this.fileAt('read', {
      cwd: this.options.path,
      revision: checkedRevision(revision),
      path: checkedPath(path),
    });
  }

  async change(change: GitopsChange): Promise<GitopsChangeResult> {
    const branch = checkedRevision(change.branch);
    const path = checkedPath(change.path);
    const work = await this.step('updated', 'temporary clone', () =>
      mkdtemp(join(tmpdir(), 'delivery-rollback-')),
    );
    try {
      await this.git('updated', {
        cwd: work,
        args: [
          'clone',
          '--quiet',
          '--no-local',
          '--branch',
          branch,
          '--',
          this.options.path,
          work,
        ],
      });
      const current = await this.fileAt('updated', {
        cwd: work,
        revision: 'HEAD',
        path,
      });
      if (current !== change.previousContent) {
        throw new GitopsRepositoryError(
          `${path} on ${branch} changed since the rollback was computed; preview it again`,
          'conflict',
        );
      }
      await this.step('updated', 'write', () =>
        overwriteTreeFile({ root: work, path, content: change.content }),
      );
      await this.git('updated', { cwd: work, args: ['add', '--', path] });
      await this.git('updated', {
        cwd: work,
        args: ['commit', '--quiet', '--no-verify', '-m', change.message],
      });
      const { stdout } = await this.git('updated', {
        cwd: work,
        args: ['rev-parse', 'HEAD'],
      });
      await this.push(work, branch);
      return { commit: { sha: stdout.trim(), branch } };
    } finally {
      await rm(work, { recursive: true, force: true }).catch(error =>
        this.options.logger.warn(
          `Could not remove the temporary clone ${work}`,
          error,
        ),
      );
    }
  }

  private async push(work: string, branch: string): Promise<void> {
    try {
      await runGit(
        [
          'push',
          '--quiet',
          // A non-bare repository takes a push to its checked-out branch when its working tree
          // is clean (what the local publisher sets up for its repositories).
          '--receive-pack=git -c receive.denyCurrentBranch=updateInstead receive-pack',
          'origin',
          `HEAD:refs/heads/${branch}`,
        ],
        { cwd: work, identity: this.options.identity },
      );
    } catch (error) {
      if (!(error instanceof GitCommandError)) {
        throw this.failed('updated', 'push', error);
      }
      this.log('push', error);
      throw new GitopsRepositoryError(
        `The local GitOps repository refused the push to ${branch} (did it move meanwhile?)`,
        'conflict',
      );
    }
  }

  /** A file's content at a revision, from git's objects; undefined when it is not there. */
  private async fileAt(
    operation: Operation,
    options: { cwd: string; revision: string; path: string },
  ): Promise<string | undefined> {
    const file = await this.treeFile(operation, options);
    if (file.kind === 'missing') return undefined;
    const { stdout } = await this.git(operation, {
      cwd: options.cwd,
      args: ['cat-file', 'blob', this.regularFile(options.path, file)],
    });
    return stdout;
  }

  /**
   * What `path` is at `revision`, from git's trees: `ls-tree -t` lists the directories on the way
   * and the entry; where it stops early, the entry there says whether a link is in the way.
   */
  private async treeFile(
    operation: Operation,
    options: { cwd: string; revision: string; path: string },
  ): Promise<TreeFile> {
    const { cwd, revision, path } = options;
    // 128: no such revision, which reads as a file that does not exist.
    const listed = await this.git(operation, {
      cwd,
      args: ['ls-tree', '-t', '-z', revision, '--', path],
      allowedExitCodes: [128],
    });
    if (listed.code !== 0) return { kind: 'missing' };
    const entries = parseTreeEntries(listed.stdout);
    const stop = unlistedDirectory(path, entries);
    if (stop !== undefined) {
      const there = await this.git(operation, {
        cwd,
        args: ['ls-tree', '-z', revision, '--', stop],
      });
      entries.push(
        ...parseTreeEntries(there.stdout).filter(e => e.path === stop),
      );
    }
    return classifyTreePath(path, entries);
  }

  /** The blob of a file that is there, or why it is refused. */
  private regularFile(
    path: string,
    file: Exclude<TreeFile, { kind: 'missing' }>,
  ) {
    if (file.kind === 'file') return file.object;
    throw new GitopsRepositoryError(
      file.kind === 'link'
        ? `'${file.at}' is a symbolic link in the repository; GitOps rollback does not follow links (${path})`
        : `'${path}' is not a regular file in the repository`,
      'refused',
    );
  }

  private git(
    operation: Operation,
    command: { args: string[]; cwd?: string; allowedExitCodes?: number[] },
  ) {
    return this.step(operation, command.args[0], () =>
      runGit(command.args, {
        cwd: command.cwd ?? this.options.path,
        identity: this.options.identity,
        allowedExitCodes: command.allowedExitCodes,
      }),
    );
  }

  /** Runs one step; a failure is logged in full and reaches the caller as a short message. */
  private async step<T>(
    operation: Operation,
    name: string,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof GitopsRepositoryError) throw error;
      throw this.failed(operation, name, error);
    }
  }

  private failed(
    operation: Operation,
    step: string,
    error: unknown,
  ): GitopsRepositoryError {
    this.log(step, error);
    return new GitopsRepositoryError(
      `The local GitOps repository could not be ${operation} (${step} failed)`,
      'failed',
    );
  }

  private log(step: string, error: unknown): void {
    const stderr = error instanceof GitCommandError ? error.stderr.trim() : '';
    this.options.logger.warn(
      `Local GitOps repository ${this.options.path} (${
        this.options.url
      }): ${step} failed${stderr ? `: ${stderr}` : ''}`,
      error instanceof Error ? error : undefined,
    );
  }
}
