/**
 * The GitOps generator: the service's folder in the GitOps repository (Kustomize base and
 * overlays, Argo Rollouts canary or Deployment, Argo CD Applications), as pure spec → files.
 */
export { generateGitOps } from './generateGitOps';
export {
  argoCdApplication,
  ARGOCD_RESOURCES_FINALIZER,
  GITOPS_BRANCH,
} from './argoCdApplication';
export {
  autoDeployedEnvironments,
  ENVIRONMENT_PROFILES,
  environmentNamespace,
  gitopsRoot,
  overlayPath,
} from './environments';
export type { EnvironmentProfile } from './environments';
export { argoCdApplicationName, gitopsNames } from './names';
export { ENVIRONMENT_LABEL, PART_OF_LABEL } from './labels';
export { INITIAL_IMAGE_TAG } from './kustomizations';
