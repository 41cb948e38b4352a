import { PipelineStatus } from '@go-delivery/plugin-delivery-common';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';

type Indicator = (props: { children?: React.ReactNode }) => JSX.Element;

const HEALTH: Record<string, Indicator> = {
  Healthy: StatusOK,
  Progressing: StatusRunning,
  Suspended: StatusPending,
  Degraded: StatusError,
  Missing: StatusWarning,
  Unknown: StatusAborted,
};

const SYNC: Record<string, Indicator> = {
  Synced: StatusOK,
  OutOfSync: StatusWarning,
  Unknown: StatusAborted,
};

const OPERATION: Record<string, Indicator> = {
  Succeeded: StatusOK,
  Running: StatusRunning,
  Terminating: StatusPending,
  Failed: StatusError,
  Error: StatusError,
};

function Status(props: { table: Record<string, Indicator>; value: string }) {
  const Component = props.table[props.value] ?? StatusAborted;
  return <Component>{props.value}</Component>;
}

/** Argo CD health (Healthy, Progressing, Degraded …) with the matching status colour. */
export function HealthStatus(props: { status: string }) {
  return <Status table={HEALTH} value={props.status} />;
}

/** Argo CD sync status (Synced, OutOfSync, Unknown). */
export function SyncStatus(props: { status: string }) {
  return <Status table={SYNC} value={props.status} />;
}

/** Phase of Argo CD's last operation (Running, Succeeded, Failed …). */
export function OperationStatus(props: { phase: string }) {
  return <Status table={OPERATION} value={props.phase} />;
}

const PROGRESSIVE_SYNC: Record<string, Indicator> = {
  Healthy: StatusOK,
  Progressing: StatusRunning,
  Pending: StatusPending,
  Waiting: StatusPending,
};

/** Where an application stands in its ApplicationSet's progressive sync (Waiting … Healthy). */
export function ProgressiveSyncStatus(props: { status: string }) {
  return <Status table={PROGRESSIVE_SYNC} value={props.status} />;
}

const ROLLOUT: Record<string, Indicator> = {
  Healthy: StatusOK,
  Progressing: StatusRunning,
  Paused: StatusPending,
  Degraded: StatusError,
  Unknown: StatusAborted,
};

const ANALYSIS: Record<string, Indicator> = {
  Successful: StatusOK,
  Running: StatusRunning,
  Pending: StatusPending,
  Inconclusive: StatusWarning,
  Failed: StatusError,
  Error: StatusError,
};

/** Argo Rollouts phase (Healthy, Progressing, Paused, Degraded, Unknown). */
export function RolloutPhaseStatus(props: { phase: string }) {
  return <Status table={ROLLOUT} value={props.phase} />;
}

/** Phase of an AnalysisRun, one of its metrics or one measurement (Successful, Failed …). */
export function AnalysisPhaseStatus(props: { phase: string }) {
  return <Status table={ANALYSIS} value={props.phase} />;
}

const PIPELINE: Record<PipelineStatus, Indicator> = {
  pending: StatusPending,
  running: StatusRunning,
  succeeded: StatusOK,
  failed: StatusError,
  cancelled: StatusAborted,
  'timed-out': StatusWarning,
  skipped: StatusAborted,
  unknown: StatusAborted,
};

const PIPELINE_LABELS: Record<PipelineStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  'timed-out': 'Timed out',
  skipped: 'Skipped',
  unknown: 'Unknown',
};

/** The words for a Tekton run, task run or step status. */
export function pipelineStatusLabel(status: PipelineStatus): string {
  return PIPELINE_LABELS[status] ?? status;
}

/** A Tekton run, task run or step status (Running, Succeeded, Failed …) with its colour. */
export function PipelineRunStatus(props: { status: PipelineStatus }) {
  const Component = PIPELINE[props.status] ?? StatusAborted;
  return <Component>{pipelineStatusLabel(props.status)}</Component>;
}
