import { isScanResult } from './supplyChain';
import {
  PipelineRunResource,
  TaskRunResource,
  TektonResultValue,
} from './tektonTypes';

/*
 * Listed runs are cached (and shared between backend replicas), so only the fields the card and
 * the actions read are kept: a PipelineRun's status also embeds the whole resolved pipeline, and
 * a TaskRun's the task spec, which can be many times larger than the rest. Of a TaskRun's results
 * only the scans are read (the card's vulnerability counts), so only those are kept.
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

/** The scan results of a result list; undefined when it has none. */
function scanResults(
  list: TektonResultValue[] | undefined,
): TektonResultValue[] | undefined {
  const scans = (Array.isArray(list) ? list : []).filter(
    r => typeof r?.name === 'string' && isScanResult(r.name),
  );
  return scans.length > 0 ? scans : undefined;
}

export function slimTaskRun(taskRun: TaskRunResource): TaskRunResource {
  const { results, taskResults, ...status } = pick(taskRun.status, [
    'conditions',
    'startTime',
    'completionTime',
    'podName',
    'steps',
    'results',
    'taskResults',
  ]);
  const scans = scanResults(results);
  const v1beta1Scans = scanResults(taskResults);
  return {
    ...pick(taskRun, ['apiVersion', 'kind']),
    metadata: pick(taskRun.metadata, META_KEYS),
    spec: pick(taskRun.spec, ['status']),
    status: {
      ...status,
      ...(scans ? { results: scans } : {}),
      ...(v1beta1Scans ? { taskResults: v1beta1Scans } : {}),
    },
  };
}
