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
  ArgoCdRevisionHistory,
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

/** The repository of the application, or why a GitOps rollback does not apply to it. */
export function gitopsSource(
  repositories: GitopsRepositories,
  app: ArgoCdApplication,
):
  | {
      ok: true;
      repository: GitopsRepository;
      targetRevision?: string;
      directory: string;
    }
  | { ok: false; reason: string } {
  const source = app.spec?.source;
  if (!source || (app.spec?.sources?.length ?? 0) > 0) {
    return {
      ok: false,
      reason: 'GitOps rollback needs an application with a single source',
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
    directory: directory === '.' ? '' : directory,
  };
}

export { kustomizationPath };

/** Where a GitOps change of the application would go, as previews and options show it. */
export function gitopsDestination(source: {
  repository: GitopsRepository;
  targetRevision?: string;
  directory: string;
}) {
  const { repository } = source;
  return {
    provider: repository.provider,
    mode: repository.mode,
    repository: repository.url,
    ...(source.targetRevision ? { branch: source.targetRevision } : {}),
    file: kustomizationPath(source.directory, 'kustomization.yaml'),
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
  const { repository, directory } = source;
  try {
    const branch = await gitopsBranch(source);
    const overlay = await readOverlay({
      repository,
      revision: branch,
      directory,
    });
    const revision = entry.revision ?? '';
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
