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
export { DEFAULT_RESOURCE_KINDS, isTektonKind } from './resourceKinds';
export type { ResourceKind } from './resourceKinds';
export type { ObjectValidator } from './ResourceStore';
export { validateCoreObjects } from './validateCoreObjects';
export { SANDBOX_KUBERNETES, startSandboxKubernetes } from './sandboxClusters';
