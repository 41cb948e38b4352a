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
import {
  imageReference,
  KustomizationError,
  KustomizeImage,
  pinImage,
  readKustomizeImages,
  serviceImage,
} from './gitops/kustomizationImages';
import { unifiedDiff } from './gitops/unifiedDiff';
import {
  ArgoCdApplication,
  ArgoCdRevisionHistory,
} from '@go-delivery/plugin-delivery-node';

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

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

/** The overlay's kustomization file path for a folder. */
export function kustomizationPath(directory: string, file: string): string {
  return directory ? `${directory}/${file}` : file;
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
    const branch = source.targetRevision ?? (await repository.defaultBranch());
    if (!isBranchName(branch)) {
      throw new ConflictError(`'${branch}' is not a branch name`);
    }
    let file: string | undefined;
    let before: string | undefined;
    for (const name of KUSTOMIZATION_FILES) {
      file = kustomizationPath(directory, name);
      before = await repository.readFile(branch, file);
      if (before !== undefined) break;
    }
    if (before === undefined || file === undefined) {
      throw new ConflictError(
        `${repository.url} has no kustomization in '${
          directory || '/'
        }' on ${branch}; GitOps rollback pins images in kustomize overlays`,
      );
    }
    const revision = entry.revision ?? '';
    if (!isCommitSha(revision)) {
      throw new ConflictError(
        `Deploy #${
          entry.id ?? 0
        } has no commit revision to read the image from`,
      );
    }
    const old = await repository.readFile(revision, file);
    if (old === undefined) {
      throw new ConflictError(
        `${file} does not exist at ${shortRevision(revision)} in ${
          repository.url
        } (is that revision in this repository?)`,
      );
    }
    const to = serviceImage(readWith(old, file, revision), options.service);
    if (!to) {
      throw new ConflictError(
        `${file} at ${shortRevision(revision)} does not pin one image of '${
          options.service
        }'`,
      );
    }
    const from = readWith(before, file, branch).find(i => i.name === to.name);
    if (!from) {
      throw new ConflictError(
        `${file} on ${branch} has no images entry for ${to.name}`,
      );
    }
    if (imageReference(from) === imageReference(to)) {
      throw new ConflictError(
        `${file} on ${branch} already pins ${imageReference(to)}`,
      );
    }
    let after: string;
    try {
      after = pinImage(before, to);
    } catch (error) {
      if (error instanceof KustomizationError) {
        throw new ConflictError(`${file} on ${branch}: ${error.message}`);
      }
      throw error;
    }
    return {
      repository,
      branch,
      file,
      before,
      after,
      diff: unifiedDiff(file, before, after),
      from,
      to,
    };
  } catch (error) {
    throw toGitopsError(error);
  }
}

function readWith(text: string, file: string, at: string): KustomizeImage[] {
  try {
    return readKustomizeImages(text);
  } catch (error) {
    if (error instanceof KustomizationError) {
      throw new ConflictError(
        `${file} at ${shortRevision(at)}: ${error.message}`,
      );
    }
    throw error;
  }
}
