import { KubernetesObject } from '@go-delivery/plugin-delivery-node';

/**
 * The parts of Tekton's PipelineRun and TaskRun the pipeline card reads. Every field is optional:
 * the reader copes with v1, v1beta1 and obsolete v1alpha1 shapes, and with trimmed objects.
 */

export interface TektonCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** A result as an object may hold it: anything could be missing or of another type. */
export interface TektonResultValue {
  name?: string;
  value?: unknown;
}

export interface TektonParam {
  name?: string;
  value?: unknown;
}

export interface TektonStepState {
  name?: string;
  container?: string;
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: {
    exitCode?: number;
    reason?: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
  };
  terminationReason?: string;
}

export interface TaskRunStatus {
  conditions?: TektonCondition[];
  startTime?: string;
  completionTime?: string;
  podName?: string;
  steps?: TektonStepState[];
  /** The task's results (v1). */
  results?: TektonResultValue[];
  /** The task's results (v1beta1). */
  taskResults?: TektonResultValue[];
}

export interface TaskRunResource extends KubernetesObject {
  spec?: { status?: string; [key: string]: unknown };
  status?: TaskRunStatus;
}

export interface ChildReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  pipelineTaskName?: string;
}

export interface PipelineRunResource extends KubernetesObject {
  spec?: {
    pipelineRef?: { name?: string; resolver?: string };
    params?: TektonParam[];
    status?: string;
    [key: string]: unknown;
  };
  status?: {
    conditions?: TektonCondition[];
    startTime?: string;
    completionTime?: string;
    /** v1 and v1beta1 with minimal embedded status. */
    childReferences?: ChildReference[];
    /** v1beta1 with full embedded status (before Tekton 0.45). */
    taskRuns?: Record<
      string,
      { pipelineTaskName?: string; status?: TaskRunStatus }
    >;
    skippedTasks?: Array<{ name?: string; reason?: string }>;
    /** The pipeline's results (v1). */
    results?: TektonResultValue[];
    /** The pipeline's results (v1beta1). */
    pipelineResults?: TektonResultValue[];
    [key: string]: unknown;
  };
}
