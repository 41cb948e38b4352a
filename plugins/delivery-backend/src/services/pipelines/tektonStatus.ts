import { PipelineStatus } from '@go-delivery/plugin-delivery-common';
import { TektonCondition, TektonStepState } from './tektonTypes';

/** Reasons of a finished (`False`) condition that mean "stopped on purpose", across Tekton versions. */
const CANCELLED = new Set([
  'Cancelled',
  'PipelineRunCancelled',
  'TaskRunCancelled',
  'CancelledRunFinally',
  'StoppedRunFinally',
]);
const TIMED_OUT = new Set(['PipelineRunTimeout', 'TaskRunTimeout']);
/** Reasons of an ongoing (`Unknown`) condition for something that has not started yet. */
const NOT_STARTED = new Set([
  'PipelineRunPending',
  'Pending',
  'ResolvingPipelineRef',
  'ResolvingTaskRef',
]);
/** Spec statuses that hold a run back before it starts. */
const PENDING_SPEC = new Set(['PipelineRunPending']);

export function succeededCondition(
  conditions: TektonCondition[] | undefined,
): TektonCondition | undefined {
  return conditions?.find(c => c?.type === 'Succeeded');
}

/**
 * The state of a PipelineRun or TaskRun from its `Succeeded` condition, the way Tekton defines
 * it: True = succeeded, False = failed (or cancelled / timed out, by reason), Unknown = running
 * (or not started yet, by reason). Without a condition, the run has not been reconciled.
 */
export function statusOf(options: {
  condition?: TektonCondition;
  specStatus?: string;
  startTime?: string;
}): PipelineStatus {
  const { condition, specStatus, startTime } = options;
  if (!condition) {
    if (specStatus && PENDING_SPEC.has(specStatus)) return 'pending';
    return startTime ? 'running' : 'pending';
  }
  const reason = condition.reason ?? '';
  switch (condition.status) {
    case 'True':
      return 'succeeded';
    case 'False':
      if (CANCELLED.has(reason)) return 'cancelled';
      if (TIMED_OUT.has(reason)) return 'timed-out';
      return 'failed';
    case 'Unknown':
      return NOT_STARTED.has(reason) ? 'pending' : 'running';
    default:
      return 'unknown';
  }
}

/** Whether a run in this state may still change (and so can be cancelled). */
export function isOngoing(status: PipelineStatus): boolean {
  return status === 'pending' || status === 'running';
}

/** The state of one step, from its container state and Tekton's termination reason. */
export function stepStatusOf(step: TektonStepState): {
  status: PipelineStatus;
  reason?: string;
  exitCode?: number;
  startedAt?: string;
  finishedAt?: string;
} {
  if (step.terminated) {
    const { exitCode, reason, startedAt, finishedAt } = step.terminated;
    const why = step.terminationReason ?? reason;
    let status: PipelineStatus;
    if (why === 'Skipped') status = 'skipped';
    else if (why !== undefined && CANCELLED.has(why)) status = 'cancelled';
    else if (why !== undefined && TIMED_OUT.has(why)) status = 'timed-out';
    else status = exitCode === 0 ? 'succeeded' : 'failed';
    return { status, reason: why, exitCode, startedAt, finishedAt };
  }
  if (step.running)
    return { status: 'running', startedAt: step.running.startedAt };
  if (step.waiting) return { status: 'pending', reason: step.waiting.reason };
  return { status: 'unknown' };
}
