/**
 * A fake Kubernetes API server (real HTTP) and the fixtures of the demo clusters: Tekton runs with
 * their pods and step logs, served to the Delivery backend in tests and in the local portal.
 */
export { FakeKubernetes } from './FakeKubernetes';
export type {
  FakeKubernetesOptions,
  FakeKubernetesUser,
  RecordedKubernetesRequest,
} from './FakeKubernetes';
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
export { referenceCrds, withoutGroup } from './apiServer/crds';
export type { CustomResourceDefinitionFilter } from './apiServer/crds';
export { DEFAULT_RESOURCE_KINDS, isTektonKind } from './resourceKinds';
export type { ResourceKind } from './resourceKinds';
export type { ObjectValidator } from './ResourceStore';
export { validateCoreObjects } from './validateCoreObjects';
export {
  deliveryClusterRole,
  SANDBOX_KUBERNETES,
  sandboxClusterDir,
  startSandboxKubernetes,
} from './sandboxClusters';
export type { SandboxCluster, SandboxClusterName } from './sandboxClusters';
