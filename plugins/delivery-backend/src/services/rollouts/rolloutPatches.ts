import { RolloutAction } from '@go-delivery/plugin-delivery-common';
import { RolloutResource } from './argoRolloutsTypes';
import {
  canarySteps,
  currentStepIndexOf,
  pauseConditionsOf,
} from './rolloutState';

/**
 * The JSON merge patches of a status-changing action, computed as `kubectl argo rollouts` computes
 * them. `status` goes to the status subresource; when a cluster does not serve it (controllers
 * before v0.10), `unified` goes to the main resource instead. `spec` goes to the main resource.
 */
export interface RolloutPatches {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  unified?: Record<string, unknown>;
}

const UNPAUSE = { spec: { paused: false } };

/** The step after the current one, capped at the number of steps (undefined without steps). */
function nextStepIndex(rollout: RolloutResource): number | undefined {
  const steps = canarySteps(rollout);
  if (!rollout.spec?.strategy?.canary || steps.length === 0) return undefined;
  const index = currentStepIndexOf(rollout) ?? 0;
  return index < steps.length ? index + 1 : index;
}

/** A canary step analysis came back inconclusive and the controller paused for a person. */
function isInconclusive(rollout: RolloutResource): boolean {
  return (
    Boolean(rollout.spec?.strategy?.canary) &&
    rollout.status?.canary?.currentStepAnalysisRunStatus?.status ===
      'Inconclusive'
  );
}

/** Promote one step: clear the pause (or move past the step being waited on). */
export function promotePatches(rollout: RolloutResource): RolloutPatches {
  const patches: RolloutPatches = {
    unified: { spec: { paused: false }, status: { pauseConditions: null } },
  };
  if (rollout.spec?.paused) patches.spec = UNPAUSE;
  const pauses = pauseConditionsOf(rollout);
  if (
    isInconclusive(rollout) &&
    pauses.length > 0 &&
    rollout.status?.controllerPause
  ) {
    const index = nextStepIndex(rollout);
    if (index !== undefined) {
      patches.status = {
        status: {
          pauseConditions: null,
          controllerPause: false,
          currentStepIndex: index,
        },
      };
    }
  } else if (pauses.length > 0) {
    patches.status = { status: { pauseConditions: null } };
  } else if (rollout.spec?.strategy?.canary) {
    // Promoting while an analysis or experiment step runs moves past that step.
    const index = nextStepIndex(rollout);
    if (index !== undefined) {
      patches.status = {
        status: { pauseConditions: null, currentStepIndex: index },
      };
      patches.unified = {
        spec: { paused: false },
        status: { pauseConditions: null, currentStepIndex: index },
      };
    }
  }
  return patches;
}

/** Promote fully: skip the remaining steps, pauses and analysis. */
export function promoteFullPatches(rollout: RolloutResource): RolloutPatches {
  const patches: RolloutPatches = {
    unified: { spec: { paused: false }, status: { promoteFull: true } },
  };
  if (rollout.spec?.paused) patches.spec = UNPAUSE;
  if (
    (rollout.status?.currentPodHash ?? '') !== (rollout.status?.stableRS ?? '')
  ) {
    patches.status = { status: { promoteFull: true } };
  }
  return patches;
}

/** Abort (all traffic back to stable) and retry (leave the aborted state). */
export function abortFlagPatches(abort: boolean): RolloutPatches {
  const patch = { status: { abort } };
  return { status: patch, unified: patch };
}

export function statusPatchesFor(
  action: Exclude<RolloutAction, 'undo'>,
  rollout: RolloutResource,
): RolloutPatches {
  switch (action) {
    case 'promote':
      return promotePatches(rollout);
    case 'promote-full':
      return promoteFullPatches(rollout);
    case 'abort':
      return abortFlagPatches(true);
    default:
      return abortFlagPatches(false);
  }
}
