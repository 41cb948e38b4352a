/** One resource type the fake API server serves, as the API server's discovery describes it. */
export interface ResourceKind {
  /** API group; '' for the core group (`/api/v1`). */
  group: string;
  version: string;
  kind: string;
  /** The lowercase plural used in URLs. */
  plural: string;
  namespaced: boolean;
  /**
   * Whether `status` is a subresource: writes to the main resource then leave status alone and
   * writes to `/status` change nothing else, as the API server does.
   */
  statusSubresource: boolean;
}

/** `tekton.dev/v1` style; `v1` for the core group. */
export function apiVersionOf(
  kind: Pick<ResourceKind, 'group' | 'version'>,
): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/** `pipelineruns.tekton.dev`, `pods`: how the API server names a resource in messages. */
export function qualifiedResource(
  kind: Pick<ResourceKind, 'group' | 'plural'>,
): string {
  return kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
}

/** Built-in (not custom) resources: their list items carry no apiVersion/kind on the wire. */
export function isBuiltIn(kind: Pick<ResourceKind, 'group'>): boolean {
  return kind.group === '' || kind.group === 'apps';
}

/**
 * What the Delivery bundle reads and writes: core workloads, Tekton runs, Argo Rollouts. More can
 * be passed to the fake; a cluster without Tekton is a fake started without the Tekton kinds.
 */
export const DEFAULT_RESOURCE_KINDS: readonly ResourceKind[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
    statusSubresource: true,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    namespaced: true,
    statusSubresource: true,
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    plural: 'replicasets',
    namespaced: true,
    statusSubresource: true,
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    namespaced: true,
    statusSubresource: true,
  },
  {
    group: 'tekton.dev',
    version: 'v1',
    kind: 'PipelineRun',
    plural: 'pipelineruns',
    namespaced: true,
    statusSubresource: true,
  },
  {
    group: 'tekton.dev',
    version: 'v1',
    kind: 'TaskRun',
    plural: 'taskruns',
    namespaced: true,
    statusSubresource: true,
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'Rollout',
    plural: 'rollouts',
    namespaced: true,
    statusSubresource: true,
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'AnalysisRun',
    plural: 'analysisruns',
    namespaced: true,
    statusSubresource: false,
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'AnalysisTemplate',
    plural: 'analysistemplates',
    namespaced: true,
    statusSubresource: false,
  },
];

/** The Tekton kinds, for starting a fake cluster that has no Tekton installed. */
export function isTektonKind(kind: ResourceKind): boolean {
  return kind.group === 'tekton.dev';
}
