import {
  AnalysisRunView,
  RolloutReplicaSetView,
  RolloutView,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import {
  AnalysisRunResource,
  POD_TEMPLATE_HASH_LABEL,
  ReplicaSetResource,
  REVISION_ANNOTATION,
  RolloutResource,
} from './argoRolloutsTypes';
import {
  integerOf,
  isOwnedBy,
  isoTime,
  numberOr,
  stringOf,
} from './readValues';
import {
  abortingAnalysisRun,
  canarySteps,
  canaryWeights,
  currentHashOf,
  currentStepIndexOf,
  isAborted,
  isUpdating,
  pauseConditionsOf,
  rolloutPhase,
  stableHashOf,
  stepViews,
  strategyOf,
} from './rolloutState';
import { imagesOf } from './templates';
import { toAnalysisRunView } from './toAnalysisRunView';
import { isCurrentTemplate, ownedRevisions, undoTarget } from './undo';

function replicaSetRole(
  rollout: RolloutResource,
  hash: string | undefined,
): RolloutReplicaSetView['role'] {
  if (hash === undefined) return 'previous';
  if (strategyOf(rollout) === 'blueGreen') {
    const blueGreen = rollout.status?.blueGreen;
    if (hash === blueGreen?.activeSelector) return 'active';
    if (hash === blueGreen?.previewSelector) return 'preview';
  }
  if (hash === stableHashOf(rollout)) return 'stable';
  if (hash === currentHashOf(rollout)) return 'canary';
  return 'previous';
}

function replicaSetView(
  rollout: RolloutResource,
  replicaSet: ReplicaSetResource,
): RolloutReplicaSetView {
  const hash = stringOf(replicaSet.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL]);
  const revision = integerOf(
    replicaSet.metadata?.annotations?.[REVISION_ANNOTATION],
  );
  return {
    name: replicaSet.metadata?.name ?? '',
    ...(hash ? { podHash: hash } : {}),
    ...(revision !== undefined ? { revision } : {}),
    role: replicaSetRole(rollout, hash),
    images: imagesOf(replicaSet.spec?.template),
    replicas: numberOr(replicaSet.status?.replicas, 0),
    readyReplicas: numberOr(replicaSet.status?.readyReplicas, 0),
    availableReplicas: numberOr(replicaSet.status?.availableReplicas, 0),
    ...(isoTime(replicaSet.metadata?.creationTimestamp)
      ? { createdAt: isoTime(replicaSet.metadata?.creationTimestamp) }
      : {}),
  };
}

/** Newest first; runs without a creation time last. */
function newestFirst(a: AnalysisRunView, b: AnalysisRunView): number {
  return (b.createdAt ?? '').localeCompare(a.createdAt ?? '');
}

export interface RolloutViewInput {
  cluster: string;
  rollout: RolloutResource;
  /** ReplicaSets and AnalysisRuns of the namespace; the Rollout's own are picked by owner. */
  replicaSets: ReplicaSetResource[];
  analysisRuns: AnalysisRunResource[];
  confirmationRequired: boolean;
  detailsFailure?: UpstreamFailure;
}

/** The card's view of one Rollout with its ReplicaSets and AnalysisRuns. */
export function toRolloutView(input: RolloutViewInput): RolloutView {
  const { rollout } = input;
  const status = rollout.status ?? {};
  const { phase, message } = rolloutPhase(rollout);
  const strategy = strategyOf(rollout);
  const updating = isUpdating(rollout);
  const aborted = isAborted(rollout);
  const pauseConditions = pauseConditionsOf(rollout).map(c => ({
    reason: stringOf(c.reason) ?? 'unknown',
    ...(isoTime(c.startTime) ? { startedAt: isoTime(c.startTime) } : {}),
  }));
  const paused =
    rollout.spec?.paused === true ||
    pauseConditions.length > 0 ||
    phase === 'Paused';
  const replicaSets = ownedRevisions(rollout, input.replicaSets).map(r =>
    replicaSetView(rollout, r.replicaSet),
  );
  const undo = undoTarget(rollout, input.replicaSets);
  const undoable = undo !== undefined && !isCurrentTemplate(rollout, undo);
  const weights = canaryWeights(rollout);
  const revision = integerOf(
    rollout.metadata?.annotations?.[REVISION_ANNOTATION],
  );
  const abortedAt = isoTime(status.abortedAt);
  const abortedBy = abortingAnalysisRun(rollout);
  return {
    cluster: input.cluster,
    namespace: rollout.metadata?.namespace ?? '',
    name: rollout.metadata?.name ?? '',
    ...(rollout.metadata?.uid ? { uid: rollout.metadata.uid } : {}),
    strategy,
    phase,
    ...(message ? { message } : {}),
    ...(revision !== undefined ? { revision } : {}),
    ...(currentStepIndexOf(rollout) !== undefined
      ? { currentStepIndex: currentStepIndexOf(rollout) }
      : {}),
    totalSteps: canarySteps(rollout).length,
    steps: stepViews(rollout),
    ...(weights ? { weights } : {}),
    ...(stableHashOf(rollout) ? { stableHash: stableHashOf(rollout) } : {}),
    ...(currentHashOf(rollout) ? { currentHash: currentHashOf(rollout) } : {}),
    updating,
    paused,
    pauseConditions,
    aborted,
    ...(abortedAt ? { abortedAt } : {}),
    ...(abortedBy
      ? {
          abortedByAnalysis: {
            analysisRun: abortedBy.name,
            ...(abortedBy.message ? { message: abortedBy.message } : {}),
          },
        }
      : {}),
    replicas: {
      desired: numberOr(rollout.spec?.replicas, 1),
      current: numberOr(status.replicas, 0),
      updated: numberOr(status.updatedReplicas, 0),
      ready: numberOr(status.readyReplicas, 0),
      available: numberOr(status.availableReplicas, 0),
    },
    images: imagesOf(rollout.spec?.template),
    analysisRuns: input.analysisRuns
      .filter(run => isOwnedBy(rollout, run))
      .map(toAnalysisRunView)
      .sort(newestFirst),
    replicaSets,
    actions: {
      promote: !aborted && (paused || (strategy === 'canary' && updating)),
      promoteFull: !aborted && (updating || rollout.spec?.paused === true),
      abort: updating && !aborted,
      retry: aborted,
      undo: undoable,
    },
    ...(undoable
      ? {
          undoTarget: {
            revision: undo.revision,
            replicaSet: undo.replicaSet.metadata?.name ?? '',
            images: imagesOf(undo.replicaSet.spec?.template),
          },
        }
      : {}),
    confirmationRequired: input.confirmationRequired,
    ...(input.detailsFailure ? { detailsFailure: input.detailsFailure } : {}),
  };
}
