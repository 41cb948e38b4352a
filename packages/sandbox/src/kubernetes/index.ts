/**
 * A real Kubernetes API server for the tests and the local portal (kube-apiserver with its own
 * etcd), and the fixtures of the demo clusters: Tekton runs with their pods and step logs, Argo
 * Rollouts with their ReplicaSets and AnalysisRuns.
 */
export {
  KUBERNETES_FIXTURES_DIR,
  loadKubernetesClusterFixtures,
  loadKubernetesFixtures,
  readYamlObjects,
} from './fixtures';
export type { KubernetesClusterFixtures } from './fixtures';
export { KubernetesApiServer } from './apiServer/KubernetesApiServer';
export type {
  KubernetesApiServerOptions,
  KubernetesServiceAccount,
  KubernetesTokenUser,
} from './apiServer/KubernetesApiServer';
export type { AuditedRequest } from './apiServer/auditLog';
export { ApiServerError } from './apiServer/adminClient';
export { onlyProjects } from './apiServer/crds';
export type {
  CustomResourceDefinitionFilter,
  ReferenceCrdProject,
} from './apiServer/crds';
export { validateCoreObjects } from './validateCoreObjects';
export { konfluxReferenceRuns, servedAsTektonV1 } from './referenceTektonRuns';
export {
  deliveryClusterRole,
  SANDBOX_KUBERNETES,
  sandboxClusterDir,
  startSandboxKubernetes,
} from './sandboxClusters';
export type { SandboxCluster, SandboxClusterName } from './sandboxClusters';
