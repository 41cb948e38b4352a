import { ClaimConflict, UpstreamFailure } from './upstreamFailure';

/**
 * View models of the Argo Rollouts endpoints: what the rollout health card shows of an entity's
 * Rollouts (canary progress, weights, pauses, analysis) and the answers of its actions.
 */

/** Identifies one Rollout of an entity; the body of the rollout actions. @public */
export interface RolloutRef {
  /** The configured cluster name. */
  cluster: string;
  namespace: string;
  name: string;
}

/** @public */
export type RolloutStrategy = 'canary' | 'blueGreen' | 'unknown';

/**
 * Where a Rollout stands, as Argo Rollouts names it (`status.phase` since v1.0, computed the same
 * way for older controllers). @public
 */
export type RolloutPhase =
  | 'Healthy'
  | 'Progressing'
  | 'Paused'
  | 'Degraded'
  | 'Unknown';

/** The kind of one canary step. @public */
export type RolloutStepKind =
  | 'setWeight'
  | 'pause'
  | 'analysis'
  | 'experiment'
  | 'setCanaryScale'
  | 'setHeaderRoute'
  | 'setMirrorRoute'
  | 'plugin'
  | 'unknown';

/** One step of a canary strategy. @public */
export interface RolloutStepView {
  /** 0-based, as `status.currentStepIndex` counts. */
  index: number;
  kind: RolloutStepKind;
  /** For `setWeight` steps: the canary's share of traffic in percent. */
  setWeight?: number;
  /** For `pause` steps: the duration as written (`30s`, `5m`), absent for an indefinite pause. */
  pauseDuration?: string;
  /** A short text for people, e.g. `set weight 20 %`, `pause 5m`, `pause until promoted`. */
  description: string;
  /** Done, the one the Rollout is at, or still to come. */
  state: 'done' | 'current' | 'pending';
}

/** Why a Rollout is paused. @public */
export interface RolloutPauseView {
  /** e.g. `CanaryPauseStep`, `BlueGreenPause`, `InconclusiveAnalysisRun`, `manual`. */
  reason: string;
  startedAt?: string;
}

/** Traffic split of a canary, in percent (canary + stable = 100). @public */
export interface RolloutWeights {
  canary: number;
  stable: number;
  /**
   * `traffic-router`: what the traffic router reports (`status.canary.weights`); `steps`: the
   * weight of the last `setWeight` step reached (the desired weight, what `kubectl argo rollouts`
   * shows as SetWeight).
   */
  source: 'traffic-router' | 'steps';
}

/** One measurement of an analysis metric. @public */
export interface AnalysisMeasurementView {
  /** `Successful`, `Failed`, `Inconclusive`, `Error`, `Running`, `Pending`. */
  phase: string;
  /** The measured value as the provider returned it (e.g. `[0.0084]` from Prometheus). */
  value?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
}

/** One metric of an AnalysisRun. @public */
export interface AnalysisMetricView {
  name: string;
  phase: string;
  message?: string;
  /** e.g. `prometheus`, `web`, `job`. */
  provider?: string;
  successCondition?: string;
  failureCondition?: string;
  /** Failed measurements tolerated before the metric fails. */
  failureLimit?: string;
  count: number;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  /** The most recent measurements, oldest first (at most a handful). */
  lastMeasurements: AnalysisMeasurementView[];
}

/** One AnalysisRun of a Rollout. @public */
export interface AnalysisRunView {
  name: string;
  namespace: string;
  /** `Pending`, `Running`, `Successful`, `Failed`, `Error`, `Inconclusive`. */
  phase: string;
  message?: string;
  /** From the `rollout-type` label: `Background`, `Step`, `PrePromotion`, `PostPromotion`. */
  type?: string;
  /** Pod template hash of the ReplicaSet it measured. */
  podHash?: string;
  /** The Rollout revision it belongs to. */
  revision?: number;
  /** For step analysis: the canary step index. */
  stepIndex?: number;
  createdAt?: string;
  startedAt?: string;
  /** Set when the run was terminated early (`spec.terminate`). */
  terminated: boolean;
  metrics: AnalysisMetricView[];
}

/** One ReplicaSet of a Rollout (one revision of its pod template). @public */
export interface RolloutReplicaSetView {
  name: string;
  podHash?: string;
  /** The Rollout revision (`rollout.argoproj.io/revision`). */
  revision?: number;
  role: 'stable' | 'canary' | 'active' | 'preview' | 'previous';
  images: string[];
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  createdAt?: string;
}

/** What an action would do right now; the frontend shows only the applicable buttons. @public */
export interface RolloutActionsView {
  /** Go on to the next step (or, blue-green, switch to the preview). */
  promote: boolean;
  /** Skip the remaining steps, pauses and analysis. */
  promoteFull: boolean;
  /** Send all traffic back to the stable ReplicaSet. */
  abort: boolean;
  /** Start an aborted update again. */
  retry: boolean;
  /** Put the previous revision's pod template back. */
  undo: boolean;
}

/** What the rollout health card shows of one Rollout. @public */
export interface RolloutView extends RolloutRef {
  uid?: string;
  strategy: RolloutStrategy;
  phase: RolloutPhase;
  /** Why the Rollout is in this phase, e.g. `CanaryPauseStep`. */
  message?: string;
  /** The Rollout's revision (`rollout.argoproj.io/revision`). */
  revision?: number;
  /** `status.currentStepIndex` (0-based; equals `totalSteps` when all steps are done). */
  currentStepIndex?: number;
  totalSteps: number;
  steps: RolloutStepView[];
  /** Canary traffic split; absent for blue-green. */
  weights?: RolloutWeights;
  /** Pod template hash of the stable ReplicaSet. */
  stableHash?: string;
  /** Pod template hash of the ReplicaSet of the current `spec.template`. */
  currentHash?: string;
  /** An update is under way: the current pod template is not the stable one yet. */
  updating: boolean;
  paused: boolean;
  pauseConditions: RolloutPauseView[];
  aborted: boolean;
  abortedAt?: string;
  /**
   * Set when the controller aborted the Rollout because an AnalysisRun failed and its status
   * names that run (the run's message, else the abort's).
   */
  abortedByAnalysis?: { analysisRun: string; message?: string };
  replicas: {
    desired: number;
    current: number;
    updated: number;
    ready: number;
    available: number;
  };
  /** Images of `spec.template` (the version being rolled out, or the running one). */
  images: string[];
  /** Newest first. */
  analysisRuns: AnalysisRunView[];
  /** Newest revision first. */
  replicaSets: RolloutReplicaSetView[];
  actions: RolloutActionsView;
  /** What undo would restore: the previous revision and its images. */
  undoTarget?: { revision: number; replicaSet: string; images: string[] };
  /** Whether abort and undo need the confirmation field (the target looks like production). */
  confirmationRequired: boolean;
  /** Set when the ReplicaSets or AnalysisRuns could not be read; the Rollout itself was. */
  detailsFailure?: UpstreamFailure;
}

/** The answer of the rollouts route. @public */
export interface RolloutsResponse {
  rollouts: RolloutView[];
  /** Clusters that failed; the Rollouts of the others are still listed. */
  failures: UpstreamFailure[];
  /** Objects other entities claim too: actions on them are refused until one stops. */
  conflicts?: ClaimConflict[];
  /** The clusters that were asked. */
  clusters: string[];
}

/** The rollout actions, named as `kubectl argo rollouts` names them. @public */
export const ROLLOUT_ACTIONS = [
  'promote',
  'promote-full',
  'abort',
  'retry',
  'undo',
] as const;

/** @public */
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

/** The body of a rollout action. @public */
export interface RolloutActionRequest extends RolloutRef {
  /**
   * Chosen by the client once per intent (e.g. per click of a button that is then disabled): a
   * repeated request with the same key is answered from the first one instead of acting again.
   */
  idempotencyKey: string;
  /** For abort and undo of a production-like Rollout: must equal the Rollout's name. */
  confirmation?: string;
  /** For undo: the revision to restore; the previous one when absent. */
  toRevision?: number;
}

/** The answer of a rollout action. @public */
export interface RolloutActionResponse {
  action: RolloutAction;
  target: RolloutRef;
  /** What was done, for people (e.g. `promoted to step 2 of 5`). */
  message: string;
  /** The Rollout after the action. */
  rollout?: RolloutView;
  /** True when this answer is the remembered answer of an earlier identical request. */
  replayed: boolean;
}
