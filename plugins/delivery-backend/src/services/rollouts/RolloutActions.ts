import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  RolloutAction,
  RolloutActionResponse,
} from '@go-delivery/plugin-delivery-common';
import {
  ANALYSIS_RUNS,
  ARGO_ROLLOUTS,
  KubernetesApiError,
  REPLICA_SETS,
} from '@go-delivery/plugin-delivery-node';
import {
  ProductionTargets,
  requireConfirmation,
} from '../../actions/confirmation';
import { toActionError } from '../../actions/toActionError';
import { KubernetesReads } from '../../upstreams/kubernetes/KubernetesReads';
import { ReplicaSetResource, RolloutResource } from './argoRolloutsTypes';
import {
  BoundRollout,
  isProductionLikeRollout,
  readEntityRollout,
} from './rolloutBinding';
import { RolloutPatches, statusPatchesFor } from './rolloutPatches';
import { RolloutsReader } from './RolloutsReader';
import { selectorOf } from './rolloutSelector';
import {
  canarySteps,
  currentStepIndexOf,
  desiredCanaryWeight,
} from './rolloutState';
import { isCurrentTemplate, undoPatch, undoTarget } from './undo';

/** Actions that take traffic away from what runs now: confirmed by name on production targets. */
const CONFIRMED_ACTIONS: readonly RolloutAction[] = ['abort', 'undo'];

/** What an abort answers, and the summary of the `abort` delivery event it records. */
export function abortMessage(name: string, canaryWeight: number): string {
  return `Rollout '${name}' aborted: traffic returns to the stable ReplicaSet (the canary had ${canaryWeight} %)`;
}

/**
 * Whether a summary is an abort of this Rollout by the portal's action: how the collector of
 * aborted Rollouts tells an abort the portal has recorded already.
 */
export function isAbortMessageOf(summary: string, name: string): boolean {
  return summary.startsWith(`Rollout '${name}' aborted: `);
}

/**
 * The actions on a Rollout bound to the entity, patched the way `kubectl argo rollouts` patches
 * them: read the Rollout now, check the entity's selector matches it, ask for the confirmation
 * production-like targets need, patch, drop the cached lists and answer with the Rollout after.
 */
export class RolloutActions {
  constructor(
    private readonly options: {
      kubernetes: KubernetesReads;
      reader: RolloutsReader;
      productionTargets: ProductionTargets;
    },
  ) {}

  async perform(
    bound: BoundRollout,
    action: RolloutAction,
    options: { confirmation?: string; toRevision?: number } = {},
  ): Promise<RolloutActionResponse> {
    const { client, ref } = bound;
    try {
      const rollout = await readEntityRollout(bound);
      if (CONFIRMED_ACTIONS.includes(action)) {
        requireConfirmation({
          productionLike: isProductionLikeRollout(
            this.options.productionTargets,
            client.name,
            rollout,
          ),
          name: ref.name,
          confirmation: options.confirmation,
        });
      }
      const message =
        action === 'undo'
          ? await this.undo(bound, rollout, options.toRevision)
          : await this.patchStatus(bound, rollout, action);
      await this.invalidate(bound);
      const after = await client.get<RolloutResource>(ARGO_ROLLOUTS, ref);
      return {
        action,
        target: { ...ref },
        message,
        rollout: await this.options.reader.viewOf(client, after, false),
        replayed: false,
      };
    } catch (error) {
      throw toActionError(error);
    }
  }

  private async patchStatus(
    bound: BoundRollout,
    rollout: RolloutResource,
    action: Exclude<RolloutAction, 'undo'>,
  ): Promise<string> {
    const { ref } = bound;
    if (action === 'retry' && rollout.status?.abort !== true) {
      throw new ConflictError(`Rollout '${ref.name}' is not aborted`);
    }
    await this.applyPatches(bound, statusPatchesFor(action, rollout));
    const steps = canarySteps(rollout).length;
    switch (action) {
      case 'promote': {
        const index = currentStepIndexOf(rollout) ?? 0;
        return steps > 0
          ? `Rollout '${ref.name}' promoted past step ${index} of ${steps}`
          : `Rollout '${ref.name}' promoted`;
      }
      case 'promote-full':
        return `Rollout '${ref.name}' fully promoted`;
      case 'abort':
        return abortMessage(ref.name, desiredCanaryWeight(rollout));
      default:
        return `Rollout '${ref.name}' retried`;
    }
  }

  /**
   * Status first, on the status subresource; a 404 there means the cluster's Rollout CRD does not
   * serve it (Argo Rollouts before v0.10), and the combined patch goes to the object instead.
   */
  private async applyPatches(
    bound: BoundRollout,
    patches: RolloutPatches,
  ): Promise<void> {
    const { client, ref } = bound;
    let specPatch = patches.spec;
    if (patches.status) {
      try {
        await client.patch(ARGO_ROLLOUTS, {
          namespace: ref.namespace,
          name: ref.name,
          patchType: 'merge',
          subresource: 'status',
          patch: patches.status,
        });
      } catch (error) {
        if (!(error instanceof KubernetesApiError && error.status === 404)) {
          throw error;
        }
        specPatch = patches.unified;
      }
    }
    if (specPatch) {
      await client.patch(ARGO_ROLLOUTS, {
        namespace: ref.namespace,
        name: ref.name,
        patchType: 'merge',
        patch: specPatch,
      });
    }
  }

  private async undo(
    bound: BoundRollout,
    rollout: RolloutResource,
    toRevision: number | undefined,
  ): Promise<string> {
    const { client, ref } = bound;
    if (rollout.spec?.workloadRef) {
      throw new ConflictError(
        `Rollout '${ref.name}' takes its template from a ${
          rollout.spec.workloadRef.kind ?? 'workload'
        }; undo it there`,
      );
    }
    const selector = selectorOf(rollout.spec?.selector);
    const replicaSets = selector
      ? await client.list<ReplicaSetResource>(REPLICA_SETS, {
          namespace: ref.namespace,
          labelSelector: selector,
        })
      : [];
    const target = undoTarget(rollout, replicaSets, toRevision);
    if (!target) {
      throw new NotFoundError(
        toRevision !== undefined
          ? `Rollout '${ref.name}' has no revision ${toRevision} in its history`
          : `Rollout '${ref.name}' has no earlier revision to return to`,
      );
    }
    if (isCurrentTemplate(rollout, target)) {
      throw new ConflictError(
        `Rollout '${ref.name}' already runs the template of revision ${target.revision}`,
      );
    }
    await client.patch(ARGO_ROLLOUTS, {
      namespace: ref.namespace,
      name: ref.name,
      patchType: 'json',
      patch: undoPatch(target),
    });
    return `Rollout '${ref.name}' returned to the pod template of revision ${target.revision}`;
  }

  private async invalidate(bound: BoundRollout): Promise<void> {
    const { client, target, ref } = bound;
    await Promise.all([
      this.options.kubernetes.invalidate(client, ARGO_ROLLOUTS, {
        namespace: target.namespace,
        labelSelector: target.labelSelector,
      }),
      this.options.kubernetes.invalidate(client, ANALYSIS_RUNS, {
        namespace: ref.namespace,
      }),
    ]);
  }
}
