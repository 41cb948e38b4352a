import { PipelineRunResource } from './tektonTypes';
import { KubernetesObject } from '@go-delivery/plugin-delivery-node';

/** Annotation naming the run a rerun was made from. */
export const RERUN_OF_ANNOTATION = 'go-delivery.dev/rerun-of';
/** Annotation naming who asked for the rerun in the portal. */
export const RERUN_BY_ANNOTATION = 'go-delivery.dev/rerun-by';

/** Labels and annotations a controller writes about one run; a new run must not inherit them. */
const RUNTIME_KEYS = [
  /^tekton\.dev\//,
  /^pipelinesascode\.tekton\.dev\/state$/,
];
const DROPPED_ANNOTATIONS = [
  /^kubectl\.kubernetes\.io\/last-applied-configuration$/,
  /^pipelinesascode\.tekton\.dev\/(log-url|check-run-id|status-comment-id)$/,
  /^results\.tekton\.dev\//,
  /^chains\.tekton\.dev\//,
];

function keep(
  map: Record<string, string> | undefined,
  drop: RegExp[],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map ?? {}).filter(
      ([key]) => !drop.some(pattern => pattern.test(key)),
    ),
  );
}

/**
 * The `generateName` of a rerun: the original's own `generateName` when it had one (Pipelines as
 * Code and Triggers templates do), so reruns are named like their siblings; else its name.
 */
export function rerunNamePrefix(run: PipelineRunResource): string {
  const prefix =
    run.metadata?.generateName || `${run.metadata?.name ?? 'pipelinerun'}-`;
  // The API server appends 5 characters; names stay within 63.
  return prefix.slice(0, 58);
}

/**
 * A new PipelineRun from an earlier one, as `tkn pipelinerun rerun` and the Tekton Dashboard do:
 * the same spec (params, pipeline, workspaces, timeouts) and the same labels, so it belongs to the
 * same entity, under a generated name; everything the controllers and the API server wrote (status,
 * `spec.status`, uid, resourceVersion, Tekton's own labels) is left out.
 */
export function rerunManifest(
  run: PipelineRunResource,
  options: { requestedBy?: string },
): KubernetesObject {
  const {
    status: _specStatus,
    statusMessage: _message,
    ...spec
  } = run.spec ?? {};
  const name = run.metadata?.name ?? 'pipelinerun';
  return {
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: {
      generateName: rerunNamePrefix(run),
      namespace: run.metadata?.namespace,
      labels: keep(run.metadata?.labels, RUNTIME_KEYS),
      annotations: {
        ...keep(run.metadata?.annotations, [
          ...RUNTIME_KEYS,
          ...DROPPED_ANNOTATIONS,
        ]),
        [RERUN_OF_ANNOTATION]: name,
        ...(options.requestedBy
          ? { [RERUN_BY_ANNOTATION]: options.requestedBy }
          : {}),
      },
    },
    spec,
  };
}
