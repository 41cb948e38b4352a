import {
  PipelineRunView,
  PipelineStepView,
  TaskRunView,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { readBuiltImage } from './builtImage';
import { readRevisionInfo } from './revisionInfo';
import { readSupplyChain } from './supplyChain';
import {
  isOngoing,
  statusOf,
  stepStatusOf,
  succeededCondition,
} from './tektonStatus';
import { PipelineRunResource, TaskRunResource } from './tektonTypes';

function millis(time: string | undefined): number | undefined {
  if (typeof time !== 'string') return undefined;
  const value = Date.parse(time);
  return Number.isNaN(value) ? undefined : value;
}

/** From start to end, or to now while it goes on; undefined without a start. */
function duration(
  start?: string,
  end?: string,
  now?: number,
): number | undefined {
  const from = millis(start);
  const to = end !== undefined ? millis(end) : now;
  if (from === undefined || to === undefined) return undefined;
  return Math.max(0, to - from);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function toStepView(
  step: NonNullable<NonNullable<TaskRunResource['status']>['steps']>[number],
  now: number,
): PipelineStepView {
  const state = stepStatusOf(step);
  const ongoing = state.status === 'running';
  return {
    name:
      text(step.name) ??
      text(step.container)?.replace(/^step-/, '') ??
      '(unnamed)',
    status: state.status,
    ...(state.reason ? { reason: state.reason } : {}),
    ...(typeof state.exitCode === 'number' ? { exitCode: state.exitCode } : {}),
    ...(state.startedAt ? { startedAt: state.startedAt } : {}),
    ...(state.finishedAt ? { finishedAt: state.finishedAt } : {}),
    ...optional(
      'durationMs',
      duration(
        state.startedAt,
        ongoing ? undefined : state.finishedAt,
        ongoing ? now : undefined,
      ),
    ),
  };
}

function optional<K extends string, V>(
  key: K,
  value: V | undefined,
): { [k in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [k in K]: V });
}

/** Why a run or task run is where it is, and when it ran: read the same way for both. */
function outcome(options: {
  condition?: { reason?: unknown; message?: unknown };
  status: { startTime?: string; completionTime?: string };
  state: ReturnType<typeof statusOf>;
  now: number;
}) {
  const { condition, status, state, now } = options;
  return {
    ...optional('reason', text(condition?.reason)),
    ...optional('message', text(condition?.message)),
    ...optional('startedAt', text(status.startTime)),
    ...optional('completedAt', text(status.completionTime)),
    ...optional(
      'durationMs',
      duration(
        status.startTime,
        status.completionTime,
        isOngoing(state) ? now : undefined,
      ),
    ),
  };
}

/** What the card shows of one TaskRun. */
export function toTaskRunView(
  taskRun: TaskRunResource,
  options: { pipelineTaskName?: string; now: number },
): TaskRunView {
  const status = taskRun.status ?? {};
  const condition = succeededCondition(status.conditions);
  const state = statusOf({
    condition,
    specStatus: text(taskRun.spec?.status),
    startTime: status.startTime,
  });
  return {
    name: text(taskRun.metadata?.name) ?? '(unnamed)',
    ...optional(
      'pipelineTaskName',
      options.pipelineTaskName ??
        text(taskRun.metadata?.labels?.['tekton.dev/pipelineTask']),
    ),
    status: state,
    ...outcome({ condition, status, state, now: options.now }),
    hasLogs: Boolean(text(status.podName)),
    steps: (Array.isArray(status.steps) ? status.steps : []).map(s =>
      toStepView(s ?? {}, options.now),
    ),
  };
}

/** The names of a run's TaskRuns with their pipeline task, from whichever status shape it has. */
export function childTaskRuns(
  run: PipelineRunResource,
): Map<string, string | undefined> {
  const children = new Map<string, string | undefined>();
  for (const ref of run.status?.childReferences ?? []) {
    if (ref?.name && (ref.kind === undefined || ref.kind === 'TaskRun')) {
      children.set(ref.name, ref.pipelineTaskName);
    }
  }
  for (const [name, entry] of Object.entries(run.status?.taskRuns ?? {})) {
    if (!children.has(name)) children.set(name, entry?.pipelineTaskName);
  }
  return children;
}

/** Whether a TaskRun is one of the run's: listed in its status, or owned by it. */
export function isChildOf(
  taskRun: TaskRunResource,
  run: PipelineRunResource,
): boolean {
  const name = taskRun.metadata?.name;
  if (name && childTaskRuns(run).has(name)) return true;
  const uid = run.metadata?.uid;
  return Boolean(
    uid &&
      taskRun.metadata?.ownerReferences?.some(
        o => o?.kind === 'PipelineRun' && o.uid === uid,
      ),
  );
}

function byStartThenName(a: TaskRunView, b: TaskRunView): number {
  const byStart =
    (millis(a.startedAt) ?? Infinity) - (millis(b.startedAt) ?? Infinity);
  if (byStart !== 0 && !Number.isNaN(byStart)) return byStart;
  return a.name.localeCompare(b.name);
}

/**
 * The card's view of one PipelineRun and its TaskRuns. `taskRuns` may hold TaskRuns of other
 * runs; the run's own are picked by name (status) or ownership.
 */
export function toPipelineRunView(options: {
  cluster: string;
  run: PipelineRunResource;
  taskRuns: TaskRunResource[];
  now: number;
  taskRunsFailure?: UpstreamFailure;
}): PipelineRunView {
  const { cluster, run, now } = options;
  const status = run.status ?? {};
  const condition = succeededCondition(status.conditions);
  const state = statusOf({
    condition,
    specStatus: text(run.spec?.status),
    startTime: status.startTime,
  });
  const children = childTaskRuns(run);
  const own = new Map<string, TaskRunResource>();
  const views = new Map<string, TaskRunView>();
  for (const taskRun of options.taskRuns) {
    const name = taskRun.metadata?.name;
    if (!name || views.has(name) || !isChildOf(taskRun, run)) continue;
    own.set(name, taskRun);
    views.set(
      name,
      toTaskRunView(taskRun, { pipelineTaskName: children.get(name), now }),
    );
  }
  // Runs from before Tekton 0.45 embed their TaskRuns' status; use it when the object is gone.
  for (const [name, entry] of Object.entries(status.taskRuns ?? {})) {
    if (!views.has(name) && entry?.status) {
      const taskRun = { metadata: { name }, status: entry.status };
      own.set(name, taskRun);
      views.set(
        name,
        toTaskRunView(taskRun, {
          pipelineTaskName: entry.pipelineTaskName,
          now,
        }),
      );
    }
  }
  const revision = readRevisionInfo(run);
  const image = readBuiltImage(run);
  // The scan may be on a TaskRun only (Konflux's clair-scan): the run's own are passed.
  const supplyChain = readSupplyChain(run, [...own.values()]);
  return {
    cluster,
    namespace: text(run.metadata?.namespace) ?? '',
    name: text(run.metadata?.name) ?? '',
    ...optional('uid', text(run.metadata?.uid)),
    ...optional(
      'pipelineName',
      text(run.spec?.pipelineRef?.name) ??
        text(run.metadata?.labels?.['tekton.dev/pipeline']),
    ),
    status: state,
    ...optional('createdAt', text(run.metadata?.creationTimestamp)),
    ...outcome({ condition, status, state, now }),
    ...revision,
    ...(image ? { image } : {}),
    ...(supplyChain ? { supplyChain } : {}),
    cancellable: isOngoing(state),
    taskRuns: [...views.values()].sort(byStartThenName),
    skippedTasks: (Array.isArray(status.skippedTasks)
      ? status.skippedTasks
      : []
    )
      .filter(t => text(t?.name))
      .map(t => ({ name: t.name!, ...optional('reason', text(t.reason)) })),
    ...(options.taskRunsFailure
      ? { taskRunsFailure: options.taskRunsFailure }
      : {}),
  };
}

/**
 * Newest first: by start time (creation time for a run not started yet), then by name for a
 * stable order. Start time first because creation times only have seconds and runs created
 * together (a batch, a restored backup) tie on them, while Tekton stamps each start.
 */
export function newestFirst(
  a: PipelineRunResource,
  b: PipelineRunResource,
): number {
  const time = (r: PipelineRunResource) =>
    millis(r.status?.startTime) ?? millis(r.metadata?.creationTimestamp) ?? 0;
  return (
    time(b) - time(a) ||
    (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '')
  );
}
