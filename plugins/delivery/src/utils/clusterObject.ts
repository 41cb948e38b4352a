/** A namespaced object on a configured cluster (a PipelineRun, a Rollout). */
export interface ClusterObjectRef {
  cluster: string;
  namespace: string;
  name: string;
}

/** Only the identity of an object travels to the backend, never the rest of its view. */
export function clusterObjectRef(object: ClusterObjectRef): ClusterObjectRef {
  return {
    cluster: object.cluster,
    namespace: object.namespace,
    name: object.name,
  };
}

/** One string per object, for React keys and for "is this the one being acted on". */
export function clusterObjectKey(object: ClusterObjectRef): string {
  return `${object.cluster}/${object.namespace}/${object.name}`;
}
