import { PipelineRunResource, TaskRunResource } from './tektonTypes';

/*
 * Listed runs are cached (and shared between backend replicas), so only the fields the card and
 * the actions read are kept: a PipelineRun's status also embeds the whole resolved pipeline, and
 * a TaskRun's the task spec, which can be many times larger than the rest.
 */

/** The listed keys of an object, deep-copied as JSON (which also drops undefined values). */
function pick<T extends object, K extends keyof T>(
  value: T | undefined,
  keys: readonly K[],
): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) picked[key] = value?.[key];
  return JSON.parse(JSON.stringify(picked));
}

const META_KEYS = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'creationTimestamp',
  'labels',
  'annotations',
  'ownerReferences',
] as const;

export function slimPipelineRun(run: PipelineRunResource): PipelineRunResource {
  return {
    ...pick(run, ['apiVersion', 'kind']),
    metadata: pick(run.metadata, META_KEYS),
    spec: pick(run.spec, ['pipelineRef', 'params', 'status']),
    status: pick(run.status, [
      'conditions',
      'startTime',
      'completionTime',
      'childReferences',
      'taskRuns',
      'skippedTasks',
      'results',
      'pipelineResults',
    ]),
  };
}

export function slimTaskRun(taskRun: TaskRunResource): TaskRunResource {
  return {
    ...pick(taskRun, ['apiVersion', 'kind']),
    metadata: pick(taskRun.metadata, META_KEYS),
    spec: pick(taskRun.spec, ['status']),
    status: pick(taskRun.status, [
      'conditions',
      'startTime',
      'completionTime',
      'podName',
      'steps',
    ]),
  };
}
