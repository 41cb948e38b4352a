/**
 * The GitOps generator: the service's folder in the GitOps repository (Kustomize base and
 * overlays or a Helm chart, Argo Rollouts canary or Deployment, Argo CD Applications and a prod
 * ApplicationSet), as pure spec → files.
 */
export { generateGitOps } from './generateGitOps';
export {
  argoCdApplication,
  ARGOCD_RESOURCES_FINALIZER,
  GITOPS_BRANCH,
} from './argoCdApplication';
export {
  argoCdApplicationSet,
  prodApplicationSetName,
  prodClusterApplicationName,
  usesProdApplicationSet,
} from './argoCdApplicationSet';
export {
  autoDeployedEnvironments,
  chartPath,
  ENVIRONMENT_PROFILES,
  environmentNamespace,
  gitopsRoot,
  helmValuesFile,
  manifestFormat,
  overlayPath,
} from './environments';
export { HELM_IMAGE_DIGEST_PATH, HELM_IMAGE_TAG_PATH } from './helmChart';
export type { EnvironmentProfile } from './environments';
export { argoCdApplicationName, gitopsNames } from './names';
export { ENVIRONMENT_LABEL, PART_OF_LABEL } from './labels';
export { INITIAL_IMAGE_TAG } from './kustomizations';
