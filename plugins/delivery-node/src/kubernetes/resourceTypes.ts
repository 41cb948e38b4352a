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

/** Argo Rollouts (every release serves `argoproj.io/v1alpha1`). */
export const ARGO_ROLLOUTS: KubernetesResourceType = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'rollouts',
};

export const ANALYSIS_RUNS: KubernetesResourceType = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'analysisruns',
};

/** The ReplicaSets a Rollout owns, one per revision of its pod template. */
export const REPLICA_SETS: KubernetesResourceType = {
  group: 'apps',
  version: 'v1',
  plural: 'replicasets',
};
