import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { isDnsLabel } from '@go-delivery/plugin-delivery-common';
import { cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GitIdentity, runGit } from '@go-delivery/plugin-delivery-node';
import { isCreatedByTask, overwriteRefusal } from '../conflicts/taskMarker';

/** One repository of the local publisher. */
export interface LocalRepository {
  name: string;
  /** Absolute path of its working tree (what `git clone` takes). */
  path: string;
  /** Its `file://` URL. */
  url: string;
}

export interface PublishToLocalRepository {
  repository: LocalRepository;
  /** Folder whose content the repository (or `targetPath` in it) should hold. */
  sourceDir: string;
  /** Folder of the repository this publish owns; the whole repository when empty. */
  targetPath: string;
  commitMessage: string;
  /**
   * The scaffolder task publishing: the target is marked with it, and a target that holds files
   * another task (or anyone else) published is refused instead of overwritten.
   */
  taskId?: string;
}

export interface LocalPublishResult {
  commitHash: string;
  /** The repository did not exist before. */
  created: boolean;
  /** A commit was made (false when the repository already held exactly these files). */
  changed: boolean;
}

const MAIN_BRANCH = 'main';

/** Git config section of the markers: which task published the repository or one folder of it. */
const MARKER_SECTION = 'go-delivery';

function normalizeTargetPath(targetPath: string): string {
  return targetPath.replace(/^\/+|\/+$/g, '');
}

/** `go-delivery.scaffolderTaskId` for the repository, `go-delivery.<folder>.scaffolderTaskId` for a folder. */
function markerKey(targetPath: string): string {
  return targetPath
    ? `${MARKER_SECTION}.${targetPath}.scaffolderTaskId`
    : `${MARKER_SECTION}.scaffolderTaskId`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Real git repositories in one local directory, standing in for a Git host on a machine that has
 * none. Each is a normal (non-bare) repository on `main` that accepts pushes to its checked-out
 * branch (`receive.denyCurrentBranch=updateInstead`), so people can clone it, push back, and the
 * catalog reads its files from the working tree.
 *
 * Publishing mirrors a folder into the repository (or into one folder of it, for a shared GitOps
 * repository) and commits only when something changed: re-running publishes nothing twice. The
 * publishing task's id is kept in the repository's git config (which clones do not carry), so a
 * later run of the same task recognises its own files and any other run leaves them alone.
 */
export class LocalGitRepositories {
  /** Publishes to one repository run one after another (git's index is not shared safely). */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly options: { directory: string; identity: GitIdentity },
  ) {}

  get directory(): string {
    return this.options.directory;
  }

  /** The repository a `file://` URL names; only direct children of the directory qualify. */
  fromUrl(url: string): LocalRepository {
    let path: string | undefined;
    try {
      path = fileURLToPath(url);
    } catch {
      path = undefined;
    }
    if (!path || dirname(path) !== this.options.directory) {
      throw new InputError(
        `${JSON.stringify(
          url,
        )} is not a repository of the local publisher; its repositories are file:// URLs of folders in ${
          this.options.directory
        }`,
      );
    }
    return this.named(basename(path));
  }

  named(name: string): LocalRepository {
    if (!isDnsLabel(name)) {
      throw new InputError(
        `"${name}" is not a local repository name (lowercase letters, digits and '-')`,
      );
    }
    const path = join(this.options.directory, name);
    return { name, path, url: pathToFileURL(path).href };
  }

  /** Absolute path of a file in a repository's working tree, refusing paths that leave it. */
  filePath(repository: LocalRepository, file: string): string {
    return resolveSafeChildPath(repository.path, file);
  }

  /**
   * What publishing `targetPath` (the whole repository when empty) for the task would overwrite:
   * undefined when it holds no files, or holds what this task published before.
   */
  async conflict(
    repository: LocalRepository,
    targetPath: string,
    taskId: string,
  ): Promise<string | undefined> {
    const folder = normalizeTargetPath(targetPath);
    if (!(await this.holdsFiles(repository, folder))) return undefined;
    if (isCreatedByTask(await this.publishedBy(repository, folder), taskId)) {
      return undefined;
    }
    return folder
      ? `local repository ${repository.path} already holds ${folder}`
      : `local repository ${repository.path} already exists`;
  }

  publish(request: PublishToLocalRepository): Promise<LocalPublishResult> {
    const key = request.repository.path;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => this.publishNow(request));
    this.queues.set(key, next);
    return next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
  }

  private git(repository: LocalRepository, args: string[], allowed?: number[]) {
    return runGit(args, {
      cwd: repository.path,
      identity: this.options.identity,
      allowedExitCodes: allowed,
    });
  }

  private async publishNow(
    request: PublishToLocalRepository,
  ): Promise<LocalPublishResult> {
    const { repository, sourceDir, commitMessage, taskId } = request;
    const targetPath = normalizeTargetPath(request.targetPath);
    if (targetPath.split('/').includes('.git')) {
      throw new InputError(`targetPath "${targetPath}" is inside .git`);
    }
    if (!(await exists(sourceDir))) {
      throw new InputError(
        `The folder to publish, ${sourceDir}, does not exist`,
      );
    }
    if (taskId) {
      const conflict = await this.conflict(repository, targetPath, taskId);
      if (conflict) throw overwriteRefusal([conflict]);
    }
    const created = await this.ensureRepository(repository);
    if (taskId) {
      // Marked before any file is written: an attempt cut short is still recognised as ours.
      await this.git(repository, ['config', markerKey(targetPath), taskId]);
    }
    const target = targetPath
      ? resolveSafeChildPath(repository.path, targetPath)
      : repository.path;
    await this.mirror(sourceDir, target, target === repository.path);

    await this.git(repository, ['add', '--all', '--', targetPath || '.']);
    const { code } = await this.git(
      repository,
      ['diff', '--cached', '--quiet'],
      [1],
    );
    const hasHead =
      (await this.git(repository, ['rev-parse', '--verify', '-q', 'HEAD'], [1]))
        .code === 0;
    const changed = code === 1 || !hasHead;
    if (changed) {
      await this.git(repository, [
        'commit',
        '--quiet',
        '--no-verify',
        '--allow-empty',
        '-m',
        commitMessage,
      ]);
    }
    const { stdout } = await this.git(repository, ['rev-parse', 'HEAD']);
    return { commitHash: stdout.trim(), created, changed };
  }

  /** Whether the target holds anything; at the root, the repository's own `.git` does not count. */
  private async holdsFiles(
    repository: LocalRepository,
    targetPath: string,
  ): Promise<boolean> {
    const folder = targetPath
      ? resolveSafeChildPath(repository.path, targetPath)
      : repository.path;
    const entries = await readdir(folder).catch(() => [] as string[]);
    return entries.some(entry => targetPath || entry !== '.git');
  }

  /** The task a target was published by, from the marker in the repository's config. */
  private async publishedBy(
    repository: LocalRepository,
    targetPath: string,
  ): Promise<string | undefined> {
    if (!(await exists(join(repository.path, '.git')))) return undefined;
    const { code, stdout } = await this.git(
      repository,
      ['config', '--local', '--get', markerKey(targetPath)],
      [1],
    );
    return code === 0 ? stdout.trim() : undefined;
  }

  /** Creates the repository when missing; refuses a folder that holds something else. */
  private async ensureRepository(
    repository: LocalRepository,
  ): Promise<boolean> {
    if (await exists(join(repository.path, '.git'))) return false;
    await mkdir(repository.path, { recursive: true });
    if ((await readdir(repository.path)).length > 0) {
      throw new InputError(
        `${repository.path} exists and is not a git repository; move it away or choose another name`,
      );
    }
    await this.git(repository, ['init', '--quiet']);
    await this.git(repository, [
      'symbolic-ref',
      'HEAD',
      `refs/heads/${MAIN_BRANCH}`,
    ]);
    await this.git(repository, [
      'config',
      'receive.denyCurrentBranch',
      'updateInstead',
    ]);
    return true;
  }

  /** Makes `target` hold exactly the files of `source` (keeping `.git` at the repository root). */
  private async mirror(
    source: string,
    target: string,
    isRepositoryRoot: boolean,
  ): Promise<void> {
    await mkdir(target, { recursive: true });
    for (const entry of await readdir(target)) {
      if (isRepositoryRoot && entry === '.git') continue;
      await rm(join(target, entry), { recursive: true, force: true });
    }
    await cp(source, target, {
      recursive: true,
      // A nested repository in the source is content, not history to copy.
      filter: path => !relative(source, path).split(sep).includes('.git'),
    });
  }
}
