import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import {
  isCommitSha,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';
import { BadGatewayError } from '../../actions/toActionError';
import { GitopsRepositories } from './gitops/GitopsRepositories';
import {
  GitopsRepository,
  GitopsRepositoryError,
  isBranchName,
  isRepositoryPath,
} from './gitops/GitopsRepository';
import { KustomizeImage } from './gitops/kustomizationImages';
import {
  kustomizationPath,
  overlayServiceImage,
  pinInOverlay,
  readOverlay,
} from './gitops/overlayImages';
import {
  ArgoCdApplication,
  ArgoCdApplicationSource,
  ArgoCdRevisionHistory,
  gitopsRevision,
} from '@go-delivery/plugin-delivery-node';

/** Everything a GitOps rollback changes, computed from the repository as it is now. */
export interface GitopsPlan {
  repository: GitopsRepository;
  branch: string;
  file: string;
  before: string;
  after: string;
  diff: string;
  from: KustomizeImage;
  to: KustomizeImage;
}

/** Maps a repository failure to the caller's error (never the host's own status). */
export function toGitopsError(error: unknown): Error {
  if (error instanceof GitopsRepositoryError) {
    if (error.reason === 'conflict') return new ConflictError(error.message);
    if (error.reason === 'unavailable') {
      return new ServiceUnavailableError(error.message);
    }
    return new BadGatewayError(error.message);
  }
  return error as Error;
}

/** A Helm value file path without `./`; undefined when it leaves its folder or names a URL. */
function valuesPath(folder: string, file: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return undefined;
  const path = [folder, file]
    .filter(Boolean)
    .join('/')
    .split('/')
    .filter(p => p !== '' && p !== '.')
    .join('/');
  return isRepositoryPath(path) ? path : undefined;
}

/**
 * The values file an image is pinned in, of a chart source that renders with value files: the
 * last one (Helm lets later files win, so the environment's `values-<env>.yaml` comes last).
 */
function lastValueFile(source: ArgoCdApplicationSource): string | undefined {
  const files = (source.helm?.valueFiles ?? []).filter(
    f => typeof f === 'string' && f.trim() !== '',
  );
  return files[files.length - 1]?.trim();
}

type GitopsSource =
  | {
      ok: true;
      repository: GitopsRepository;
      targetRevision?: string;
      directory: string;
      /** The Helm values file the image is pinned in (a path in the repository), for a chart. */
      valuesFile?: string;
    }
  | { ok: false; reason: string };

/**
 * A multi-source application's GitOps source: the chart source's last value file names a `$ref`
 * source in a configured repository (`$values/envs/prod/values-prod.yaml`); that source's branch
 * is where the change goes, the file after `$values/` what it changes.
 */
function multiSourceGitops(
  repositories: GitopsRepositories,
  sources: ArgoCdApplicationSource[],
): GitopsSource {
  const chart = sources.find(s => s.helm?.valueFiles?.length);
  const file = chart && lastValueFile(chart);
  const match = file ? /^\$([^/]+)\/(.+)$/.exec(file) : null;
  if (!match) {
    return {
      ok: false,
      reason:
        'A multi-source application takes GitOps changes only in a Helm values file of a ref source ($<ref>/…)',
    };
  }
  const ref = sources.find(s => s.ref === match[1] && !s.chart);
  if (!ref) {
    return { ok: false, reason: `No source has ref '${match[1]}'` };
  }
  const valuesFile = valuesPath('', match[2]);
  if (!valuesFile) {
    return { ok: false, reason: `'${match[2]}' is not a file path` };
  }
  const resolved = gitSource(repositories, ref);
  return resolved.ok ? { ...resolved, directory: '', valuesFile } : resolved;
}

/** The repository of the application, or why a GitOps rollback does not apply to it. */
export function gitopsSource(
  repositories: GitopsRepositories,
  app: ArgoCdApplication,
): GitopsSource {
  const sources = app.spec?.sources ?? [];
  if (sources.length > 0) return multiSourceGitops(repositories, sources);
  const source = app.spec?.source;
  if (!source) {
    return {
      ok: false,
      reason: 'GitOps rollback needs an application with a source',
    };
  }
  if (source.chart) {
    return {
      ok: false,
      reason:
        'The application deploys a Helm chart from a chart repository, not a GitOps folder',
    };
  }
  const directory = (source.path ?? '').replace(/^\/+|\/+$/g, '');
  if (directory !== '' && directory !== '.' && !isRepositoryPath(directory)) {
    return { ok: false, reason: `'${directory}' is not a folder path` };
  }
  const resolved = gitSource(repositories, source);
  if (!resolved.ok) return resolved;
  const folder = directory === '.' ? '' : directory;
  // A chart in the GitOps folder, rendered with value files beside it: the image is pinned there.
  const file = lastValueFile(source);
  if (file) {
    const valuesFile = file.startsWith('$')
      ? undefined
      : valuesPath(folder, file);
    if (!valuesFile) {
      return {
        ok: false,
        reason: `'${file}' is not a values file of the folder`,
      };
    }
    return { ...resolved, directory: folder, valuesFile };
  }
  return { ...resolved, directory: folder };
}

/** A Git source's configured repository and the branch it follows (none for `HEAD`). */
function gitSource(
  repositories: GitopsRepositories,
  source: ArgoCdApplicationSource,
):
  | { ok: true; repository: GitopsRepository; targetRevision?: string }
  | { ok: false; reason: string } {
  const resolved = repositories.resolve(source.repoURL);
  if (!resolved.ok) return resolved;
  const targetRevision = source.targetRevision?.trim();
  if (targetRevision && targetRevision !== 'HEAD') {
    if (isCommitSha(targetRevision) || !isBranchName(targetRevision)) {
      return {
        ok: false,
        reason: `The application follows the fixed revision '${targetRevision}', not a branch to commit to`,
      };
    }
  }
  return {
    ok: true,
    repository: resolved.repository,
    targetRevision:
      targetRevision && targetRevision !== 'HEAD' ? targetRevision : undefined,
  };
}

export { kustomizationPath };

/** Where a GitOps change of the application would go, as previews and options show it. */
export function gitopsDestination(source: {
  repository: GitopsRepository;
  targetRevision?: string;
  directory: string;
  valuesFile?: string;
}) {
  const { repository } = source;
  return {
    provider: repository.provider,
    mode: repository.mode,
    repository: repository.url,
    ...(source.targetRevision ? { branch: source.targetRevision } : {}),
    file:
      source.valuesFile ??
      kustomizationPath(source.directory, 'kustomization.yaml'),
  };
}

/**
 * Computes the change that pins the image of an earlier deploy: the overlay's kustomization at
 * that deploy's revision says which image ran; the kustomization at the tip of the branch gets
 * that image's `newName`/`newTag`/`digest`, nothing else.
 */
export async function planGitopsRollback(options: {
  repositories: GitopsRepositories;
  app: ArgoCdApplication;
  entry: ArgoCdRevisionHistory;
  /** The service's name, to pick its image when the overlay pins several. */
  service?: string;
}): Promise<GitopsPlan> {
  const { app, entry } = options;
  const source = gitopsSource(options.repositories, app);
  if (!source.ok) throw new ConflictError(source.reason);
  const { repository, directory, valuesFile } = source;
  try {
    const branch = await gitopsBranch(source);
    const overlay = await readOverlay({
      repository,
      revision: branch,
      directory,
      valuesFile,
    });
    // The GitOps source's commit (a multi-source entry has one revision per source).
    const revision = gitopsRevision(app, entry) ?? '';
    if (!isCommitSha(revision)) {
      throw new ConflictError(
        `Deploy #${
          entry.id ?? 0
        } has no commit revision to read the image from`,
      );
    }
    const old = await repository.readFile(revision, overlay.file);
    if (old === undefined) {
      throw new ConflictError(
        `${overlay.file} does not exist at ${shortRevision(revision)} in ${
          repository.url
        } (is that revision in this repository?)`,
      );
    }
    const to = overlayServiceImage(
      old,
      overlay.file,
      revision,
      options.service,
    );
    return {
      repository,
      branch,
      ...pinInOverlay({ overlay, branch, to }),
    };
  } catch (error) {
    throw toGitopsError(error);
  }
}

/** The branch a GitOps source follows (its target revision, else the default branch). */
export async function gitopsBranch(source: {
  repository: GitopsRepository;
  targetRevision?: string;
}): Promise<string> {
  const branch =
    source.targetRevision ?? (await source.repository.defaultBranch());
  if (!isBranchName(branch)) {
    throw new ConflictError(`'${branch}' is not a branch name`);
  }
  return branch;
}
