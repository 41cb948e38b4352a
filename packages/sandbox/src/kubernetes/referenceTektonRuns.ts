import { join } from 'node:path';
import { REFERENCE_DIR } from '../paths';
import { readYamlObjects } from './fixtures';

/**
 * A Tekton PipelineRun or TaskRun captured with v1beta1 fields, as a cluster that stored it as
 * v1beta1 serves it as `tekton.dev/v1`: Tekton's conversion moves the v1beta1 result lists
 * (`status.pipelineResults`, `status.taskResults`) to `status.results`, and a TaskRun's status
 * carries `podName` (the v1 schema requires it; Tekton writes it empty before a pod exists, and a
 * real API server refuses a status without it). The other v1beta1-only fields (a run's
 * `spec.serviceAccountName`, step `resources`) are left for the server to prune, as the reader
 * uses none of them. Returns a converted copy.
 */
export function servedAsTektonV1(object: any): any {
  const copy = structuredClone(object);
  copy.apiVersion = 'tekton.dev/v1';
  if (!copy.status) return copy;
  const { pipelineResults, taskResults, ...status } = copy.status;
  const results = pipelineResults ?? taskResults;
  copy.status = results === undefined ? status : { ...status, results };
  if (copy.kind === 'TaskRun' && copy.status.podName === undefined) {
    copy.status.podName = '';
  }
  return copy;
}

/** The real Konflux build of `reference/examples/tekton` (see reference/SOURCES.md). */
const KONFLUX_FILES = [
  'konflux-mockComponentDetails-pr.yaml',
  'konflux-mockComponentDetails-tr-build-container.yaml',
  'konflux-mockComponentDetails-tr-clair-scan.yaml',
];

/**
 * The Konflux capture (PipelineRun `human-resources-on-push-z79cl` and its clair-scan and
 * build-container TaskRuns, namespace `test-ns`), read from the reference directory as it is and
 * served by the sandbox's CI cluster with {@link servedAsTektonV1}. Its 2023 times stay as
 * captured: they are part of the record, and the runs card has no age limit (it lists an entity's
 * newest runs, and no other run carries this one's labels).
 */
export function konfluxReferenceRuns(): any[] {
  return KONFLUX_FILES.flatMap(file =>
    readYamlObjects(join(REFERENCE_DIR, 'examples', 'tekton', file)),
  ).map(servedAsTektonV1);
}
