import { NotFoundError } from '@backstage/errors';
import {
  PinnedImage,
  RollbackApplicationRef,
} from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdRevisionHistory,
  deployedRevision,
} from '@go-delivery/plugin-delivery-node';
import {
  ProductionTargets,
  requireConfirmation,
} from '../../../actions/confirmation';
import { toActionError } from '../../../actions/toActionError';
import {
  BoundApplication,
  EntityApplication,
  readEntityApplication,
} from '../../../binding/argoCdApplications';
import { historyEntry, productionNames } from '../applicationHistory';
import { imageReference, KustomizeImage } from '../gitops/kustomizationImages';

/** The entity's application and one entry of its history, read now. */
export async function applicationAndEntry(
  bound: BoundApplication,
  target: RollbackApplicationRef & { historyId: number },
): Promise<EntityApplication & { entry: ArgoCdRevisionHistory }> {
  let found: EntityApplication;
  try {
    found = await readEntityApplication(bound);
  } catch (error) {
    throw toActionError(error);
  }
  const entry = historyEntry(found.app, target.historyId);
  if (!entry) {
    throw new NotFoundError(
      `Application '${target.application}' has no deploy with id ${target.historyId} in its history`,
    );
  }
  return { ...found, entry };
}

/**
 * The application and the entry an execution acts on, read now, after the typed confirmation
 * production-like applications need. `name` is the application's name as confirmed.
 */
export async function confirmedApplicationAndEntry(options: {
  bound: BoundApplication;
  target: RollbackApplicationRef & { historyId: number };
  productionTargets: ProductionTargets;
  confirmation: string | undefined;
}): Promise<
  EntityApplication & { entry: ArgoCdRevisionHistory; name: string }
> {
  const found = await applicationAndEntry(options.bound, options.target);
  const name = found.app.metadata?.name ?? options.target.application;
  requireConfirmation({
    productionLike: isProductionLikeApplication(
      options.productionTargets,
      found,
    ),
    name,
    confirmation: options.confirmation,
  });
  return { ...found, name };
}

/** Whether a rollback of the application needs the typed confirmation. */
export function isProductionLikeApplication(
  productionTargets: ProductionTargets,
  found: EntityApplication,
): boolean {
  return productionTargets.isProductionLike(
    productionNames(found.app, found.client.name),
  );
}

/** What a preview of a return to a history entry says of the application and the entry. */
export function historyPreviewFields(
  productionTargets: ProductionTargets,
  found: EntityApplication & { entry: ArgoCdRevisionHistory },
) {
  const { app, entry } = found;
  return {
    confirmationRequired: isProductionLikeApplication(productionTargets, found),
    confirmationText: app.metadata?.name ?? '',
    ...(deployedRevision(app.status?.sync)
      ? { fromRevision: deployedRevision(app.status?.sync) }
      : {}),
    ...(deployedRevision(entry) ? { toRevision: deployedRevision(entry) } : {}),
    ...(entry.deployedAt ? { toDeployedAt: String(entry.deployedAt) } : {}),
  };
}

/** An image of a kustomization as previews show it. */
export function pinned(image: KustomizeImage): PinnedImage {
  return {
    name: image.name,
    reference: imageReference(image),
    ...(image.newTag ? { tag: image.newTag } : {}),
    ...(image.digest ? { digest: image.digest } : {}),
  };
}
