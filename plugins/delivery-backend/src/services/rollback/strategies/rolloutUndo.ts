import { NotFoundError } from '@backstage/errors';
import {
  deliveryRollbackPermission,
  RollbackPreview,
  RollbackResult,
  RollbackUndoOption,
  RolloutUndoRollbackTarget,
  RolloutView,
} from '@go-delivery/plugin-delivery-common';
import { KubernetesClient } from '@go-delivery/plugin-delivery-node';
import { InstanceRegistry } from '../../../upstreams/InstanceRegistry';
import { RolloutActions } from '../../rollouts/RolloutActions';
import { BoundRollout } from '../../rollouts/rolloutBinding';
import { RolloutsReader } from '../../rollouts/RolloutsReader';
import { RollbackStrategy, rolloutTargetParts } from './RollbackStrategy';

/** A Rollout whose previous pod template can be put back. */
export function undoOption(
  rollout: RolloutView,
): RollbackUndoOption | undefined {
  if (!rollout.actions.undo || !rollout.undoTarget) return undefined;
  return {
    rollout: {
      cluster: rollout.cluster,
      namespace: rollout.namespace,
      name: rollout.name,
    },
    ...(rollout.revision !== undefined ? { revision: rollout.revision } : {}),
    images: rollout.images,
    toRevision: rollout.undoTarget.revision,
    toImages: rollout.undoTarget.images,
    confirmationRequired: rollout.confirmationRequired,
    confirmationText: rollout.name,
  };
}

/**
 * Put an earlier revision's pod template back on the Rollout, as `kubectl argo rollouts undo`
 * does; the controller then rolls it out like any change.
 */
export function rolloutUndoStrategy(deps: {
  clusters: InstanceRegistry<KubernetesClient>;
  rollouts: RolloutsReader;
  rolloutActions: RolloutActions;
}): RollbackStrategy<RolloutUndoRollbackTarget, BoundRollout> & {
  options(rollouts: RolloutView[]): RollbackUndoOption[];
} {
  return {
    kind: 'rollout-undo',
    permission: deliveryRollbackPermission,
    options: rollouts =>
      rollouts.flatMap(rollout => {
        const option = undoOption(rollout);
        return option ? [option] : [];
      }),
    ...rolloutTargetParts(deps),
    async preview(bound, target): Promise<RollbackPreview> {
      const rollout = await deps.rollouts.getRollout(bound);
      const option = undoOption(rollout);
      const to = target.toRevision ?? option?.toRevision;
      if (!option || to === undefined) {
        throw new NotFoundError(
          `Rollout '${rollout.name}' has no earlier revision to return to`,
        );
      }
      const replicaSet = rollout.replicaSets.find(r => r.revision === to);
      if (!replicaSet) {
        throw new NotFoundError(
          `Rollout '${rollout.name}' has no revision ${to} in its history`,
        );
      }
      return {
        target,
        summary: `Return Rollout '${
          rollout.name
        }' to the pod template of revision ${to} (${
          replicaSet.images.join(', ') || 'unknown image'
        }); the controller rolls it out like any change`,
        confirmationRequired: rollout.confirmationRequired,
        confirmationText: rollout.name,
        notes: [
          'The GitOps repository still names the newer image: with automated sync on, Argo CD puts it back at its next sync. A GitOps rollback changes the repository instead.',
        ],
      };
    },
    async execute(bound, target, execution): Promise<RollbackResult> {
      const result = await deps.rolloutActions.perform(bound, 'undo', {
        confirmation: execution.confirmation,
        toRevision: target.toRevision,
      });
      return { target, message: result.message, replayed: false };
    },
  };
}
