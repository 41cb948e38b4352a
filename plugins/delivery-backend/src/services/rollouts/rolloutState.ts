import {
  RolloutPhase,
  RolloutStepKind,
  RolloutStepView,
  RolloutStrategy,
  RolloutWeights,
} from '@go-delivery/plugin-delivery-common';
import {
  CanaryStep,
  RolloutAnalysisRunStatus,
  RolloutResource,
} from './argoRolloutsTypes';
import { arrayOf, integerOf, numberOr, stringOf } from './readValues';

/*
 * Where a Rollout stands, read the way `kubectl argo rollouts get` reads it: the controller's own
 * phase when it reports one (v1.0 and later), computed from spec and status for older ones, and
 * "progressing" while a change the controller has not seen yet is pending.
 */

const PHASES: readonly RolloutPhase[] = [
  'Healthy',
  'Progressing',
  'Paused',
  'Degraded',
];

export function strategyOf(rollout: RolloutResource): RolloutStrategy {
  if (rollout.spec?.strategy?.canary) return 'canary';
  if (rollout.spec?.strategy?.blueGreen) return 'blueGreen';
  return 'unknown';
}

export function canarySteps(rollout: RolloutResource): CanaryStep[] {
  return arrayOf(rollout.spec?.strategy?.canary?.steps).filter(
    (s): s is CanaryStep => typeof s === 'object' && s !== null,
  );
}

/** Controllers before v0.6 kept the stable hash under `status.canary`. */
export function stableHashOf(rollout: RolloutResource): string | undefined {
  return (
    stringOf(rollout.status?.stableRS) ??
    stringOf(rollout.status?.canary?.stableRS)
  );
}

export function currentHashOf(rollout: RolloutResource): string | undefined {
  return stringOf(rollout.status?.currentPodHash);
}

export function currentStepIndexOf(
  rollout: RolloutResource,
): number | undefined {
  const index = rollout.status?.currentStepIndex;
  return typeof index === 'number' && Number.isInteger(index) && index >= 0
    ? index
    : undefined;
}

/** The pod template being rolled out is not the stable one yet. */
export function isUpdating(rollout: RolloutResource): boolean {
  const stable = stableHashOf(rollout);
  const current = currentHashOf(rollout);
  return Boolean(stable && current && stable !== current);
}

export function isAborted(rollout: RolloutResource): boolean {
  return rollout.status?.abort === true;
}

/** The phases of an AnalysisRun that make the controller abort its Rollout. */
const ABORTING_ANALYSIS_PHASES: readonly string[] = ['Failed', 'Error'];

/**
 * The AnalysisRun whose failure aborted the Rollout, when its status names one: a step or
 * background analysis of a canary, a pre- or post-promotion analysis of a blue-green, whose phase
 * is Failed or Error (an Inconclusive run pauses instead; a run the abort itself terminated ends
 * Successful). The message is the run's, else the RolloutAborted condition's.
 */
export function abortingAnalysisRun(
  rollout: RolloutResource,
): { name: string; message?: string } | undefined {
  if (!isAborted(rollout)) return undefined;
  const status = rollout.status;
  const runs: Array<RolloutAnalysisRunStatus | undefined> = [
    status?.canary?.currentStepAnalysisRunStatus,
    status?.canary?.currentBackgroundAnalysisRunStatus,
    status?.blueGreen?.prePromotionAnalysisRunStatus,
    status?.blueGreen?.postPromotionAnalysisRunStatus,
  ];
  const run = runs.find(
    r =>
      typeof r === 'object' &&
      r !== null &&
      stringOf(r.name) !== undefined &&
      ABORTING_ANALYSIS_PHASES.includes(r.status ?? ''),
  );
  if (!run) return undefined;
  const message =
    stringOf(run.message) ??
    stringOf(
      arrayOf(status?.conditions).find(c => c?.reason === 'RolloutAborted')
        ?.message,
    );
  return { name: run.name!, ...(message ? { message } : {}) };
}

export function pauseConditionsOf(rollout: RolloutResource) {
  return arrayOf(rollout.status?.pauseConditions).filter(
    c => typeof c === 'object' && c !== null,
  );
}

/**
 * A numeric `observedGeneration` (v0.10 and later) behind `metadata.generation` means the
 * controller has not seen the last spec change; a hash (older controllers) says nothing.
 */
function isGenerationObserved(rollout: RolloutResource): boolean {
  const observed = integerOf(rollout.status?.observedGeneration);
  const generation = rollout.metadata?.generation;
  if (observed === undefined || typeof generation !== 'number') return true;
  return observed >= generation;
}

function conditionPhase(
  rollout: RolloutResource,
): { phase: RolloutPhase; message: string } | undefined {
  for (const condition of arrayOf(rollout.status?.conditions)) {
    if (condition?.type === 'InvalidSpec') {
      return {
        phase: 'Degraded',
        message: `InvalidSpec: ${condition.message ?? ''}`,
      };
    }
    if (
      condition?.reason === 'RolloutAborted' ||
      condition?.reason === 'ProgressDeadlineExceeded'
    ) {
      return {
        phase: 'Degraded',
        message: `${condition.reason}: ${condition.message ?? ''}`,
      };
    }
  }
  return undefined;
}

/** What controllers before v1.0 left to clients to compute. */
function computedPhase(rollout: RolloutResource): {
  phase: RolloutPhase;
  message?: string;
} {
  const fromConditions = conditionPhase(rollout);
  if (fromConditions) return fromConditions;
  if (rollout.spec?.paused)
    return { phase: 'Paused', message: 'manually paused' };
  const [pause] = pauseConditionsOf(rollout);
  if (pause) return { phase: 'Paused', message: pause.reason ?? 'paused' };
  const status = rollout.status ?? {};
  const desired = numberOr(rollout.spec?.replicas, 1);
  const updated = numberOr(status.updatedReplicas, 0);
  if (updated < desired) {
    return {
      phase: 'Progressing',
      message: 'more replicas need to be updated',
    };
  }
  if (numberOr(status.availableReplicas, 0) < updated) {
    return {
      phase: 'Progressing',
      message: 'updated replicas are still becoming available',
    };
  }
  const stable = stableHashOf(rollout);
  const current = currentHashOf(rollout);
  if (strategyOf(rollout) === 'blueGreen') {
    const active = stringOf(status.blueGreen?.activeSelector);
    if (!active || active !== current) {
      return {
        phase: 'Progressing',
        message: 'active service cutover pending',
      };
    }
  } else if (
    strategyOf(rollout) === 'canary' &&
    !rollout.spec?.strategy?.canary?.trafficRouting &&
    numberOr(status.replicas, 0) > updated
  ) {
    return {
      phase: 'Progressing',
      message: 'old replicas are pending termination',
    };
  }
  if (!stable || stable !== current) {
    return {
      phase: 'Progressing',
      message:
        strategyOf(rollout) === 'blueGreen'
          ? 'waiting for post-promotion verification to complete'
          : 'waiting for all steps to complete',
    };
  }
  return { phase: 'Healthy' };
}

export function rolloutPhase(rollout: RolloutResource): {
  phase: RolloutPhase;
  message?: string;
} {
  const status = rollout.status ?? {};
  if (!isGenerationObserved(rollout)) {
    return {
      phase: 'Progressing',
      message: 'waiting for rollout spec update to be observed',
    };
  }
  if (status.controllerPause && pauseConditionsOf(rollout).length === 0) {
    return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  }
  // The controller stamps `abortedAt` when it acts on an abort request.
  if (isAborted(rollout) && !status.abortedAt) {
    return {
      phase: 'Progressing',
      message: 'waiting for the abort to be observed',
    };
  }
  const reported = stringOf(status.phase);
  if (reported) {
    return {
      phase: (PHASES as readonly string[]).includes(reported)
        ? (reported as RolloutPhase)
        : 'Unknown',
      message: stringOf(status.message),
    };
  }
  return computedPhase(rollout);
}

function stepKind(step: CanaryStep): RolloutStepKind {
  if (typeof step.setWeight === 'number') return 'setWeight';
  if (step.pause !== undefined) return 'pause';
  for (const kind of [
    'analysis',
    'experiment',
    'setCanaryScale',
    'setHeaderRoute',
    'setMirrorRoute',
    'plugin',
  ] as const) {
    if (step[kind] !== undefined) return kind;
  }
  return 'unknown';
}

/** `10s`, `5m` as written; early controllers took a bare number of seconds. */
export function pauseDuration(step: CanaryStep): string | undefined {
  const duration = step.pause?.duration;
  if (typeof duration === 'number') return `${duration}s`;
  return stringOf(duration);
}

const DESCRIPTIONS: Record<RolloutStepKind, string> = {
  setWeight: '',
  pause: '',
  analysis: 'run analysis',
  experiment: 'run experiment',
  setCanaryScale: 'set canary scale',
  setHeaderRoute: 'set header route',
  setMirrorRoute: 'set mirror route',
  plugin: 'run plugin',
  unknown: 'unknown step',
};

export function stepViews(rollout: RolloutResource): RolloutStepView[] {
  const index = currentStepIndexOf(rollout);
  const completed = !isUpdating(rollout) && index !== undefined;
  return canarySteps(rollout).map((step, i) => {
    const kind = stepKind(step);
    const duration = kind === 'pause' ? pauseDuration(step) : undefined;
    let description = DESCRIPTIONS[kind];
    if (kind === 'setWeight') description = `set weight ${step.setWeight} %`;
    if (kind === 'pause') {
      description = duration ? `pause ${duration}` : 'pause until promoted';
    }
    let state: RolloutStepView['state'] = 'pending';
    if (completed || (index !== undefined && i < index)) state = 'done';
    else if (index === i) state = 'current';
    return {
      index: i,
      kind,
      ...(kind === 'setWeight' ? { setWeight: step.setWeight } : {}),
      ...(duration ? { pauseDuration: duration } : {}),
      description,
      state,
    };
  });
}

/**
 * The weight the steps ask for now (what `kubectl argo rollouts` shows as SetWeight): the last
 * `setWeight` at or before the current step; 100 once all steps are done; 0 when aborted.
 */
export function desiredCanaryWeight(rollout: RolloutResource): number {
  if (isAborted(rollout)) return 0;
  const steps = canarySteps(rollout);
  const index = currentStepIndexOf(rollout) ?? 0;
  if (steps.length === 0 || index >= steps.length) return 100;
  for (let i = index; i >= 0; i--) {
    const weight = steps[i].setWeight;
    if (typeof weight === 'number') return weight;
  }
  return 0;
}

/** The canary's traffic split; the traffic router's report wins over the steps. */
export function canaryWeights(
  rollout: RolloutResource,
): RolloutWeights | undefined {
  if (strategyOf(rollout) !== 'canary') return undefined;
  const reported = rollout.status?.canary?.weights;
  if (typeof reported?.canary?.weight === 'number') {
    const canary = reported.canary.weight;
    return {
      canary,
      stable: numberOr(reported.stable?.weight, 100 - canary),
      source: 'traffic-router',
    };
  }
  if (!isUpdating(rollout) || isAborted(rollout)) {
    return { canary: 0, stable: 100, source: 'steps' };
  }
  const canary = desiredCanaryWeight(rollout);
  return { canary, stable: 100 - canary, source: 'steps' };
}
