import { autoDeployedEnvironments } from '../../gitops/environments';
import { toYaml } from '../../gitops/manifest';
import type { GeneratedFile, GoServiceSpec } from '../../types';
import { MAIN_BRANCH } from '../names';
import { deployJob } from './deployJob';
import { expr, usesGithubRegistry, WORKFLOW_SECRETS } from './expressions';
import { imageJob } from './imageJob';
import { verifyJob } from './verifyJob';

export const WORKFLOW_PATH = '.github/workflows/ci.yaml';

function secretsComment(spec: GoServiceSpec): string {
  const lines = [
    `${WORKFLOW_SECRETS.portalToken}: portal token allowed to upload coverage`,
    `${WORKFLOW_SECRETS.cosignPrivateKey}, ${WORKFLOW_SECRETS.cosignPassword}: cosign key pair (cosign generate-key-pair)`,
    ...(usesGithubRegistry(spec.imageRepository)
      ? []
      : [
          `${WORKFLOW_SECRETS.registryUsername}, ${WORKFLOW_SECRETS.registryPassword}: push access to ${spec.imageRepository}`,
        ]),
    ...(autoDeployedEnvironments(spec).length > 0
      ? [
          `${WORKFLOW_SECRETS.gitopsToken}: token that can push to ${spec.gitopsRepoUrl}`,
        ]
      : []),
  ];
  return [
    `# CI of ${spec.name}: lint, test with coverage, scan, build, sign and deploy.`,
    '# Repository secrets it reads:',
    ...lines.map(line => `#   ${line}`),
    '',
  ].join('\n');
}

/** The GitHub Actions variant: the same stages as the Tekton pipeline, least privilege. */
export function githubActionsWorkflow(spec: GoServiceSpec) {
  const deploys = autoDeployedEnvironments(spec).length > 0;
  return {
    name: 'CI',
    on: { push: { branches: [MAIN_BRANCH] }, pull_request: {} },
    // Read-only by default; only the image job may write packages.
    permissions: { contents: 'read' },
    concurrency: {
      group: `ci-${expr('github.ref')}`,
      'cancel-in-progress': expr("github.event_name == 'pull_request'"),
    },
    defaults: { run: { shell: 'sh' } },
    jobs: {
      verify: verifyJob(spec),
      image: imageJob(spec),
      ...(deploys ? { deploy: deployJob(spec) } : {}),
    },
  };
}

export function githubActionsFiles(spec: GoServiceSpec): GeneratedFile[] {
  return [
    {
      path: WORKFLOW_PATH,
      content: secretsComment(spec) + toYaml(githubActionsWorkflow(spec)),
    },
  ];
}
