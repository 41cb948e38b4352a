import { KubernetesResourceType } from './KubernetesClient';

/** Tekton Pipelines v1 (served by every Tekton release since v0.44). */
export const TEKTON_PIPELINE_RUNS: KubernetesResourceType = {
  group: 'tekton.dev',
  version: 'v1',
  plural: 'pipelineruns',
};

export const TEKTON_TASK_RUNS: KubernetesResourceType = {
  group: 'tekton.dev',
  version: 'v1',
  plural: 'taskruns',
};

export const PODS: KubernetesResourceType = {
  group: '',
  version: 'v1',
  plural: 'pods',
};
