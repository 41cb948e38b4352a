import { KubernetesObject } from '@go-delivery/plugin-delivery-node';

/*
 * The parts of Argo Rollouts objects (and ReplicaSets) the bundle reads. Every field is optional
 * and loosely typed on purpose: real objects span controller versions from 2019 on, with a pod
 * template hash as `observedGeneration`, `stableRS` under `status.canary`, integer pause
 * durations, and timestamps that a YAML reader turned into Date objects.
 */

/** A timestamp as the API sends it, or as a YAML fixture was read. */
export type ObjectTime = string | Date;

export interface CanaryStep {
  setWeight?: number;
  pause?: { duration?: string | number } | null;
  analysis?: unknown;
  experiment?: unknown;
  setCanaryScale?: unknown;
  setHeaderRoute?: unknown;
  setMirrorRoute?: unknown;
  plugin?: unknown;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; [key: string]: unknown };
  spec?: {
    containers?: Array<{ name?: string; image?: string }>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key?: string;
    operator?: string;
    values?: string[];
  }>;
}

export interface RolloutCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: ObjectTime;
  lastUpdateTime?: ObjectTime;
}

/** What a Rollout's status says of one of its AnalysisRuns (`RolloutAnalysisRunStatus`). */
export interface RolloutAnalysisRunStatus {
  name?: string;
  /** The run's phase: `Running`, `Successful`, `Failed`, `Error`, `Inconclusive`. */
  status?: string;
  message?: string;
}

export interface RolloutResource extends KubernetesObject {
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: LabelSelector;
    template?: PodTemplate;
    workloadRef?: { kind?: string; name?: string };
    strategy?: {
      canary?: {
        steps?: CanaryStep[] | null;
        trafficRouting?: unknown;
        [key: string]: unknown;
      };
      blueGreen?: Record<string, unknown>;
    };
    [key: string]: unknown;
  };
  status?: {
    phase?: string;
    message?: string;
    abort?: boolean;
    abortedAt?: ObjectTime;
    promoteFull?: boolean;
    controllerPause?: boolean;
    pauseConditions?: Array<{ reason?: string; startTime?: ObjectTime }> | null;
    currentPodHash?: string;
    currentStepIndex?: number;
    /** A number as a string since v0.10; a pod template hash before. */
    observedGeneration?: string | number;
    stableRS?: string;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: RolloutCondition[];
    canary?: {
      /** Where controllers before v0.6 kept the stable hash. */
      stableRS?: string;
      weights?: {
        canary?: { weight?: number; podTemplateHash?: string };
        stable?: { weight?: number; podTemplateHash?: string };
      };
      currentBackgroundAnalysisRunStatus?: RolloutAnalysisRunStatus;
      currentStepAnalysisRunStatus?: RolloutAnalysisRunStatus;
    };
    blueGreen?: {
      activeSelector?: string;
      previewSelector?: string;
      prePromotionAnalysisRunStatus?: RolloutAnalysisRunStatus;
      postPromotionAnalysisRunStatus?: RolloutAnalysisRunStatus;
    };
    [key: string]: unknown;
  };
}

export interface ReplicaSetResource extends KubernetesObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
}

export interface AnalysisMeasurement {
  phase?: string;
  value?: string;
  message?: string;
  startedAt?: ObjectTime;
  finishedAt?: ObjectTime;
}

export interface AnalysisRunResource extends KubernetesObject {
  spec?: {
    terminate?: boolean;
    metrics?: Array<{
      name?: string;
      successCondition?: string;
      failureCondition?: string;
      failureLimit?: number | string;
      provider?: Record<string, unknown>;
    }>;
  };
  status?: {
    phase?: string;
    message?: string;
    startedAt?: ObjectTime;
    metricResults?: Array<{
      name?: string;
      phase?: string;
      message?: string;
      count?: number;
      successful?: number;
      failed?: number;
      inconclusive?: number;
      error?: number;
      measurements?: AnalysisMeasurement[] | null;
    }> | null;
  };
}

/** The label Argo Rollouts puts on a ReplicaSet, its pods and its AnalysisRuns. */
export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
/** The revision of a Rollout and of each of its ReplicaSets. */
export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
