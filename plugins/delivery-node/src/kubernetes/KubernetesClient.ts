/** A resource type of the Kubernetes API, as it appears in URLs. */
export interface KubernetesResourceType {
  /** API group; '' for the core group (`/api/v1`). */
  group: string;
  version: string;
  /** Lowercase plural, e.g. `pipelineruns`. */
  plural: string;
}

/** The object metadata the bundle reads; everything else passes through untyped. */
export interface KubernetesObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{
    apiVersion?: string;
    kind?: string;
    name?: string;
    uid?: string;
    controller?: boolean;
  }>;
}

/** Any Kubernetes object, as JSON (timestamps stay strings). */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: KubernetesObjectMeta;
  [key: string]: unknown;
}

/** Identifies one object; `namespace` is required for namespaced types. */
export interface KubernetesObjectRef {
  namespace?: string;
  name: string;
}

export interface KubernetesListOptions {
  /** One namespace, or all namespaces when unset. */
  namespace?: string;
  /** An already validated and normalised label selector. */
  labelSelector?: string;
}

/** How a patch body is interpreted (sent as its Content-Type). */
export type KubernetesPatchType = 'merge' | 'json';

export interface KubernetesPatchOptions extends KubernetesObjectRef {
  /** A JSON merge patch (object) or a JSON patch (array of operations). */
  patch: unknown;
  patchType: KubernetesPatchType;
  /** Patch the `status` (or `scale`) subresource instead of the object. */
  subresource?: 'status' | 'scale';
}

export interface PodLogOptions {
  namespace: string;
  pod: string;
  container: string;
  /** At most this many bytes are read; the answer says whether the log was longer. */
  limitBytes: number;
  tailLines?: number;
}

export interface PodLog {
  text: string;
  /** True when the log was cut at `limitBytes`. */
  truncated: boolean;
}

/**
 * One configured cluster, spoken to over the Kubernetes API. Generic over resource types so every
 * area (Tekton runs, Argo Rollouts, ReplicaSets, AnalysisRuns) uses the same client; every call
 * has the cluster's timeout and fails with an `UpstreamError` of kind `kubernetes` naming it.
 */
export interface KubernetesClient {
  /** The configured cluster name. */
  readonly name: string;
  list<T extends KubernetesObject>(
    type: KubernetesResourceType,
    options: KubernetesListOptions,
  ): Promise<T[]>;
  get<T extends KubernetesObject>(
    type: KubernetesResourceType,
    ref: KubernetesObjectRef,
  ): Promise<T>;
  create<T extends KubernetesObject>(
    type: KubernetesResourceType,
    options: { namespace?: string; body: KubernetesObject },
  ): Promise<T>;
  patch<T extends KubernetesObject>(
    type: KubernetesResourceType,
    options: KubernetesPatchOptions,
  ): Promise<T>;
  replace<T extends KubernetesObject>(
    type: KubernetesResourceType,
    options: KubernetesObjectRef & {
      body: KubernetesObject;
      subresource?: 'status';
    },
  ): Promise<T>;
  podLog(options: PodLogOptions): Promise<PodLog>;
}
