/**
 * The CI generator: the service repository's pipeline (Tekton with Triggers, GitHub Actions or
 * GitLab CI), as pure spec → files.
 */
export { generateCi } from './generateCi';
export { ciNames, componentRef, MAIN_BRANCH } from './names';
export { CI_IMAGES, CI_TOOLS, GITHUB_ACTIONS, IMAGE_PLATFORMS } from './tools';
export {
  PIPELINE_RUN_BRANCH_KEY,
  PIPELINE_RUN_SHA_KEY,
} from './tekton/triggers';
export { ciSecretStoreKey } from './tekton/ciSecrets';
export { TEKTON_DIR } from './tekton/tektonFiles';
export { WORKFLOW_PATH } from './githubActions/workflow';
export { GITLAB_CI_PATH } from './gitlabCi/pipeline';
