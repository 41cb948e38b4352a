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

## Supply-chain results

Each PipelineRun reports what it built as pipeline results (\`status.results\`), which the
portal's pipeline card shows on the run:

| Result | Written by | Value |
| --- | --- | --- |
| \`IMAGE_URL\`, \`IMAGE_DIGEST\` | \`build-image\` | the pushed image with its tag; the digest of its index |
| \`SCAN_OUTPUT\` | \`vulnerability-scan\` | \`{"vulnerabilities":{"critical":0,"high":0,"medium":0,"low":0,"unknown":N,"total":N},"scanner":"govulncheck"}\` |
| \`SBOM_URI\` | \`sbom\` | the image by digest (\`image@sha256:…\`) the SPDX attestation is attached to |
| \`SBOM_PREDICATE_TYPE\` | \`sbom\` | \`https://spdx.dev/Document\` |
| \`SIGNATURE_VERIFIED\` | \`sign-image\` | \`true\` when \`cosign verify\` accepts the signature, else \`false\` (and the task fails) |

\`SCAN_OUTPUT\` has the shape the community Tekton plugin and OpenShift read from \`*_SCAN_OUTPUT\`
results. govulncheck rates no severities: every vulnerability the code calls is counted in
\`unknown\` and \`total\`, and the four severities stay 0. The scan still fails the run when it finds
one, so a run that built an image reports 0. Read the SBOM with
\`cosign verify-attestation --key cosign.pub --type spdxjson <SBOM_URI>\`.

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
