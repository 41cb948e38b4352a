import {
  PipelineStatus,
  TaskRunView,
} from '@go-delivery/plugin-delivery-common';
import { formatDuration } from '../../utils/formatRelativeTime';
import { pipelineStatusLabel } from '../StatusIndicators';

/** One TaskRun drawn as a part of a run's task bar. */
export interface TaskBarSegment {
  key: string;
  /** The task's name in the pipeline, else the TaskRun's name. */
  label: string;
  status: PipelineStatus;
  durationMs?: number;
  /** Share of the bar, 0–100; the segments add up to 100. */
  widthPercent: number;
  /** What the segment's tooltip and accessible name say. */
  description: string;
}

/** The name a task run goes by in the card. */
export function taskLabel(taskRun: TaskRunView): string {
  return taskRun.pipelineTaskName ?? taskRun.name;
}

function describe(taskRun: TaskRunView): string {
  const duration =
    taskRun.durationMs !== undefined ? formatDuration(taskRun.durationMs) : '';
  return `${taskLabel(taskRun)}: ${pipelineStatusLabel(taskRun.status)}${
    duration ? `, ${duration}` : ''
  }`;
}

/**
 * Splits a run's bar between its TaskRuns in proportion to their durations. Every segment gets at
 * least `minPercent` so a quick task stays visible (and hoverable); without any duration the
 * segments share the bar equally.
 */
export function taskBarSegments(
  taskRuns: TaskRunView[],
  minPercent = 4,
): TaskBarSegment[] {
  if (taskRuns.length === 0) return [];
  const durations = taskRuns.map(t => Math.max(0, t.durationMs ?? 0));
  const total = durations.reduce((a, b) => a + b, 0);
  const floor = Math.min(minPercent, 100 / taskRuns.length);

  let widths: number[];
  if (total === 0) {
    widths = durations.map(() => 100 / taskRuns.length);
  } else {
    const small = durations.map(d => (d / total) * 100 < floor);
    const smallCount = small.filter(Boolean).length;
    const largeTotal = durations.reduce((a, d, i) => (small[i] ? a : a + d), 0);
    const remaining = 100 - floor * smallCount;
    widths = durations.map((d, i) =>
      small[i] ? floor : (d / largeTotal) * remaining,
    );
  }

  return taskRuns.map((taskRun, i) => ({
    key: taskRun.name,
    label: taskLabel(taskRun),
    status: taskRun.status,
    durationMs: taskRun.durationMs,
    widthPercent: widths[i],
    description: describe(taskRun),
  }));
}
