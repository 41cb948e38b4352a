/**
 * Scaffolder actions that bootstrap Go services with full CI/CD and GitOps wiring: the Go
 * service, its Tekton or GitHub Actions CI, Kustomize/Argo Rollouts/Argo CD manifests, the
 * catalog entry, Argo CD registration, and a local git publisher for portals without a Git host.
 *
 * @packageDocumentation
 */

export { scaffolderModuleGoDelivery as default } from './module';
export { catalogModuleFileLocations } from './catalogModuleFileLocations';
