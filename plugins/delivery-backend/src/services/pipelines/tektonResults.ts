import { PipelineRunResource, TaskRunResource } from './tektonTypes';

/*
 * Where Tekton keeps results, in every API version the reader meets: v1 names the list `results`
 * on both kinds; v1beta1 names it `pipelineResults` on a PipelineRun and `taskResults` on a
 * TaskRun. Some objects carry the v1beta1 names under a v1 apiVersion (Konflux's captures), so
 * both are read whatever the apiVersion says.
 */

/** One result as found; its value is whatever the object holds (string, array or object). */
export type TektonResult = { name: string; value?: unknown };

function namedResults(...lists: unknown[]): TektonResult[] {
  return lists
    .flatMap(list => (Array.isArray(list) ? list : []))
    .filter(
      (r): r is TektonResult =>
        typeof r === 'object' && r !== null && typeof r.name === 'string',
    );
}

/** The run's pipeline results: `status.results` (v1), then `status.pipelineResults` (v1beta1). */
export function pipelineResults(run: PipelineRunResource): TektonResult[] {
  return namedResults(run.status?.results, run.status?.pipelineResults);
}

/** A TaskRun's results: `status.results` (v1), then `status.taskResults` (v1beta1). */
export function taskRunResults(taskRun: TaskRunResource): TektonResult[] {
  return namedResults(taskRun.status?.results, taskRun.status?.taskResults);
}
