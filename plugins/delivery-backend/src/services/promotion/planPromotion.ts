import { ConflictError } from '@backstage/errors';
import { isCommitSha } from '@go-delivery/plugin-delivery-common';
import { GitopsRepositories } from '../rollback/gitops/GitopsRepositories';
import { GitopsRepository } from '../rollback/gitops/GitopsRepository';
import {
  ImagePin,
  overlayServiceImage,
  pinInOverlay,
  readOverlay,
} from '../rollback/gitops/overlayImages';
import {
  gitopsBranch,
  gitopsSource,
  toGitopsError,
} from '../rollback/planGitopsRollback';
import { gitopsRevision } from '@go-delivery/plugin-delivery-node';
import { EnvironmentApplication, newestDeploy } from './environments';

/** Everything a promotion changes, computed from the repositories as they are now. */
export interface PromotionPlan extends ImagePin {
  repository: GitopsRepository;
  branch: string;
  /** The source's deployed GitOps revision the image was read at. */
  sourceRevision: string;
}

/** The source's deployed revision: its newest deploy, else what it is synced to. */
function deployedRevision(from: EnvironmentApplication): string {
  // The GitOps source's commit: a multi-source application has one revision per source.
  const revision =
    gitopsRevision(from.app, newestDeploy(from.app)) ??
    gitopsRevision(from.app, from.app.status?.sync) ??
    '';
  if (!isCommitSha(revision)) {
    throw new ConflictError(
      `${from.ref.application} has no deployed commit to read its image from`,
    );
  }
  return revision;
}

/**
 * The GitOps change of a promotion: the source overlay at the source's deployed revision says
 * which image runs there (what the source's gates were about); the target's overlay at the tip of
 * its branch gets that image pinned, nothing else.
 */
export async function planPromotion(options: {
  repositories: GitopsRepositories;
  from: EnvironmentApplication;
  to: EnvironmentApplication;
  service: string;
}): Promise<PromotionPlan> {
  const { repositories, from, to, service } = options;
  const source = gitopsSource(repositories, from.app);
  if (!source.ok)
    throw new ConflictError(`${from.ref.application}: ${source.reason}`);
  const target = gitopsSource(repositories, to.app);
  if (!target.ok)
    throw new ConflictError(`${to.ref.application}: ${target.reason}`);
  try {
    const sourceRevision = deployedRevision(from);
    const sourceOverlay = await readOverlay({
      repository: source.repository,
      revision: sourceRevision,
      directory: source.directory,
      valuesFile: source.valuesFile,
    });
    const image = overlayServiceImage(
      sourceOverlay.text,
      sourceOverlay.file,
      sourceRevision,
      service,
    );
    const branch = await gitopsBranch(target);
    const targetOverlay = await readOverlay({
      repository: target.repository,
      revision: branch,
      directory: target.directory,
      valuesFile: target.valuesFile,
    });
    return {
      repository: target.repository,
      branch,
      sourceRevision,
      ...pinInOverlay({ overlay: targetOverlay, branch, to: image }),
    };
  } catch (error) {
    throw toGitopsError(error);
  }
}
