import { ConflictError } from '@backstage/errors';
import {
  AbortCanaryRollbackTarget,
  RollbackCanaryOption,
  RollbackPreview,
  RollbackResult,
  rolloutAbortPermission,
  RolloutView,
} from '@go-delivery/plugin-delivery-common';
import { KubernetesClient } from '@go-delivery/plugin-delivery-node';
import { InstanceRegistry } from '../../../upstreams/InstanceRegistry';
import { RolloutActions } from '../../rollouts/RolloutActions';
import { BoundRollout } from '../../rollouts/rolloutBinding';
import { RolloutsReader } from '../../rollouts/RolloutsReader';
import { RollbackStrategy, rolloutTargetParts } from './RollbackStrategy';

function images(rollout: RolloutView, role: string): string[] {
  return [
    ...new Set(
      rollout.replicaSets.filter(r => r.role === role).flatMap(r => r.images),
    ),
  ];
}

/** A running canary the dialog offers to abort. */
export function canaryOption(rollout: RolloutView): RollbackCanaryOption {
  return {
    rollout: {
      cluster: rollout.cluster,
      namespace: rollout.namespace,
      name: rollout.name,
    },
    phase: rollout.phase,
    ...(rollout.message ? { message: rollout.message } : {}),
    ...(rollout.currentStepIndex !== undefined
      ? { currentStepIndex: rollout.currentStepIndex }
      : {}),
    totalSteps: rollout.totalSteps,
    ...(rollout.weights ? { weights: rollout.weights } : {}),
    canaryImages: images(rollout, 'canary'),
    stableImages: images(rollout, 'stable'),
    confirmationRequired: rollout.confirmationRequired,
    confirmationText: rollout.name,
  };
}

function requireRunningCanary(rollout: RolloutView): void {
  if (rollout.strategy !== 'canary' || !rollout.actions.abort) {
    throw new ConflictError(
      `Rollout '${rollout.name}' has no canary running to abort`,
    );
  }
}

/**
 * Abort a running canary, as `kubectl argo rollouts abort` does: all traffic back to the stable
 * ReplicaSet.
 */
export function abortCanaryStrategy(deps: {
  clusters: InstanceRegistry<KubernetesClient>;
  rollouts: RolloutsReader;
  rolloutActions: RolloutActions;
}): RollbackStrategy<AbortCanaryRollbackTarget, BoundRollout> & {
  options(rollouts: RolloutView[]): RollbackCanaryOption[];
} {
  return {
    kind: 'abort-canary',
    permission: rolloutAbortPermission,
    options: rollouts =>
      rollouts
        .filter(r => r.strategy === 'canary' && r.actions.abort)
        .map(canaryOption),
    ...rolloutTargetParts(deps),
    async preview(bound, target): Promise<RollbackPreview> {
      const rollout = await deps.rollouts.getRollout(bound);
      requireRunningCanary(rollout);
      const option = canaryOption(rollout);
      return {
        target,
        summary: `Abort the canary of '${
          rollout.name
        }': all traffic returns to the stable ReplicaSet ${
          rollout.stableHash ?? ''
        } (${option.stableImages.join(', ') || 'unknown image'})`.replace(
          ' ()',
          '',
        ),
        confirmationRequired: rollout.confirmationRequired,
        confirmationText: rollout.name,
        canary: {
          ...(rollout.weights ? { weights: rollout.weights } : {}),
          ...(rollout.stableHash ? { stableHash: rollout.stableHash } : {}),
          canaryImages: option.canaryImages,
          stableImages: option.stableImages,
        },
        notes: [
          "The Rollout's spec still names the new version: it stays aborted (Degraded) until it is retried, or its template is returned to the stable one (undo, or a GitOps rollback).",
        ],
      };
    },
    async execute(bound, target, execution): Promise<RollbackResult> {
      requireRunningCanary(await deps.rollouts.getRollout(bound));
      const result = await deps.rolloutActions.perform(bound, 'abort', {
        confirmation: execution.confirmation,
      });
      return { target, message: result.message, replayed: false };
    },
  };
}
