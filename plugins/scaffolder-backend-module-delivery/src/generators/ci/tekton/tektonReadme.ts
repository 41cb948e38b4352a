import { GITOPS_BRANCH } from '../../gitops/argoCdApplication';
import {
  autoDeployedEnvironments,
  gitopsRoot,
} from '../../gitops/environments';
import type { GoServiceSpec } from '../../types';
import { ciNames, MAIN_BRANCH } from '../names';
import { CiSecret, ciSecrets, ciSecretStoreKey } from './ciSecrets';

function secretsTable(spec: GoServiceSpec): string {
  const purposes: Record<keyof ReturnType<typeof ciSecrets>, string> = {
    githubWebhook:
      'the GitHub webhook secret; the listener checks each payload signature with it',
    registry: 'a Docker `config.json` with push access to the image repository',
    git: '`https://user:token@host` lines: read the service repository, push to the GitOps repository',
    cosign:
      'the cosign key pair’s private key (`cosign generate-key-pair`) and its password',
    portalToken:
      'a portal token allowed to upload coverage (`Authorization: Bearer`)',
  };
  const secrets = ciSecrets(spec.name);
  const rows = (Object.keys(secrets) as Array<keyof typeof secrets>).map(id => {
    const secret: CiSecret = secrets[id];
    const properties = Object.values(secret.keys)
      .map(p => `\`${p}\``)
      .join(', ');
    return `| \`${secret.name}\` | ${properties} | ${purposes[id]} |`;
  });
  return [
    '| Secret | Properties of the store key | Holds |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** How to install the Tekton pipeline and wire the webhook. */
export function tektonReadme(spec: GoServiceSpec): string {
  const names = ciNames(spec.name);
  const overlays = autoDeployedEnvironments(spec);
  return `# CI on Tekton

\`kubectl apply -k .tekton/\` installs everything into the namespace \`${
    names.namespace
  }\` (Tekton Pipelines,
Tekton Triggers and the External Secrets Operator must be installed in the cluster).

- \`pipeline.yaml\`: the \`${
    names.pipeline
  }\` Pipeline — clone → lint (go mod tidy/verify, gofmt, golangci-lint),
  test (\`go test -race\`, coverage upload to the portal, coverage gate at ${
    spec.coverageThreshold
  } %), govulncheck → multi-arch
  image build and push → cosign signature and SBOM attestation${
    overlays.length > 0
      ? ` → image bump in \`${gitopsRoot(spec)}/overlays/{${overlays.join(
          ',',
        )}}\` on \`${GITOPS_BRANCH}\` of the GitOps repository (pushes to ${MAIN_BRANCH} only)`
      : ''
  }.
- \`event-listener.yaml\`, \`trigger-binding.yaml\`, \`trigger-template.yaml\`: a GitHub push to ${MAIN_BRANCH} starts a
  PipelineRun labelled \`backstage.io/kubernetes-id: ${
    spec.name
  }\`, with the commit and branch in
  \`pipelinesascode.tekton.dev/sha\` and \`pipelinesascode.tekton.dev/branch\`.
- \`rbac.yaml\`: the listener's and the pipeline's service accounts.
- \`secrets.yaml\`: ExternalSecrets that fetch the credentials below from the \`ClusterSecretStore\`
  \`${spec.secretStore}\`, key \`${ciSecretStoreKey(spec.name)}\`.

${secretsTable(spec)}

## Webhook

Expose the Service \`el-${
    names.eventListener
  }\` (port 8080) through your ingress and add a GitHub webhook to the
service repository: content type \`application/json\`, the secret from \`github-webhook-secret\`,
event **push**.

## Running again

Re-deliver the push from the webhook's page on GitHub, or create a PipelineRun like the one in
\`trigger-template.yaml\` with \`revision\` set to the commit.
`;
}
