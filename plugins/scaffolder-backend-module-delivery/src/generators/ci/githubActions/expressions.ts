import { registryHost } from '../scripts/registryAuth';

/** A GitHub Actions expression, `${{ … }}`. */
export function expr(expression: string): string {
  return `\${{ ${expression} }}`;
}

/** Repository secrets the workflow reads; documented at the top of the file. */
export const WORKFLOW_SECRETS = {
  portalToken: 'PORTAL_TOKEN',
  cosignPrivateKey: 'COSIGN_PRIVATE_KEY',
  cosignPassword: 'COSIGN_PASSWORD',
  gitopsToken: 'GITOPS_TOKEN',
  registryUsername: 'REGISTRY_USERNAME',
  registryPassword: 'REGISTRY_PASSWORD',
} as const;

export function secret(name: string): string {
  return expr(`secrets.${name}`);
}

/** The commit a run is about: the pull request's head, not GitHub's merge commit. */
export const COMMIT_SHA = expr(
  'github.event.pull_request.head.sha || github.sha',
);
/** The branch a run is about: the pull request's source branch, else the pushed one. */
export const BRANCH = expr('github.head_ref || github.ref_name');

export { registryHost };

/** GitHub's own registry takes the workflow's token; any other needs credentials. */
export function usesGithubRegistry(imageRepository: string): boolean {
  return registryHost(imageRepository) === 'ghcr.io';
}
