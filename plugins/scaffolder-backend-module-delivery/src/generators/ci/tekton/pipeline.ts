import { GITOPS_BRANCH } from '../../gitops/argoCdApplication';
import {
  autoDeployedEnvironments,
  gitopsRoot,
} from '../../gitops/environments';
import { serviceMetadata } from '../../gitops/labels';
import type { KubernetesObject } from '../../gitops/manifest';
import type { GoServiceSpec } from '../../types';
import { ciNames, componentRef, MAIN_BRANCH } from '../names';
import { taskResult } from './pipelineTask';
import { WORKSPACES } from './stepParts';
import { buildImageTask, IMAGE_RESULTS } from './tasks/buildImageTask';
import { bumpGitopsTask } from './tasks/bumpGitopsTask';
import { cloneTask } from './tasks/cloneTask';
import { lintTask } from './tasks/lintTask';
import { sbomTask } from './tasks/sbomTask';
import { signImageTask } from './tasks/signImageTask';
import { SUPPLY_CHAIN_RESULTS } from './tasks/supplyChainResults';
import { testTask } from './tasks/testTask';
import { vulnerabilityScanTask } from './tasks/vulnerabilityScanTask';

function stringParam(name: string, description: string, value?: string) {
  return {
    name,
    type: 'string',
    description,
    ...(value === undefined ? {} : { default: value }),
  };
}

function pipelineParams(spec: GoServiceSpec, deploys: boolean) {
  const overlays = autoDeployedEnvironments(spec);
  return [
    stringParam(
      'repo-url',
      'Clone URL of the service repository.',
      spec.serviceRepoUrl,
    ),
    stringParam('revision', 'The commit to build.'),
    stringParam(
      'branch',
      `Branch the commit was pushed to; only ${MAIN_BRANCH} deploys.`,
      MAIN_BRANCH,
    ),
    stringParam(
      'image',
      'Image repository, without tag.',
      spec.imageRepository,
    ),
    stringParam(
      'coverage-threshold',
      'Minimum total statement coverage in percent.',
      String(spec.coverageThreshold),
    ),
    stringParam(
      'portal-url',
      'Base URL of the portal that stores coverage.',
      spec.backstageBaseUrl,
    ),
    stringParam(
      'entity-ref',
      'The catalog entity the coverage belongs to.',
      componentRef(spec.name),
    ),
    ...(deploys
      ? [
          stringParam(
            'gitops-repo-url',
            'Clone URL of the GitOps repository.',
            spec.gitopsRepoUrl,
          ),
          stringParam(
            'gitops-branch',
            'Branch Argo CD follows.',
            GITOPS_BRANCH,
          ),
          stringParam(
            'gitops-path',
            "The service's folder in the GitOps repository.",
            gitopsRoot(spec),
          ),
          stringParam(
            'gitops-overlays',
            'Space-separated overlays that CI deploys to (the automatically synced environments).',
            overlays.join(' '),
          ),
        ]
      : []),
  ];
}

/**
 * clone → lint, test (coverage upload and gate), vulnerability scan → multi-arch build and
 * push → cosign signature and SBOM attestation → image bump in the GitOps repository (main
 * branch only; left out when no environment is synced automatically).
 */
export function pipeline(spec: GoServiceSpec): KubernetesObject {
  const deploys = autoDeployedEnvironments(spec).length > 0;
  return {
    apiVersion: 'tekton.dev/v1',
    kind: 'Pipeline',
    metadata: serviceMetadata(spec.name, ciNames(spec.name).pipeline),
    spec: {
      description: `Builds, checks, signs and deploys ${spec.name}.`,
      params: pipelineParams(spec, deploys),
      workspaces: [
        {
          name: WORKSPACES.source,
          description: 'Checkout and Go caches of one run.',
        },
        {
          name: WORKSPACES.dockerConfig,
          description:
            'Secret with config.json: credentials of the image registry.',
        },
        {
          name: WORKSPACES.gitCredentials,
          description: 'Secret with .git-credentials for the repositories.',
          optional: true,
        },
      ],
      results: [
        {
          name: IMAGE_RESULTS.url,
          description: 'The pushed image with its tag.',
          value: taskResult('build-image', IMAGE_RESULTS.url),
        },
        {
          name: IMAGE_RESULTS.digest,
          description: 'Digest of the pushed image index.',
          value: taskResult('build-image', IMAGE_RESULTS.digest),
        },
        {
          name: SUPPLY_CHAIN_RESULTS.scanOutput,
          description:
            'Vulnerability counts of the scan (govulncheck: all in unknown and total).',
          value: taskResult(
            'vulnerability-scan',
            SUPPLY_CHAIN_RESULTS.scanOutput,
          ),
        },
        {
          name: SUPPLY_CHAIN_RESULTS.sbomUri,
          description: 'The image by digest that carries the SBOM attestation.',
          value: taskResult('sbom', SUPPLY_CHAIN_RESULTS.sbomUri),
        },
        {
          name: SUPPLY_CHAIN_RESULTS.sbomPredicateType,
          description: 'The predicate type of the SBOM attestation.',
          value: taskResult('sbom', SUPPLY_CHAIN_RESULTS.sbomPredicateType),
        },
        {
          name: SUPPLY_CHAIN_RESULTS.signatureVerified,
          description: 'true when cosign verify accepted the signature.',
          value: taskResult(
            'sign-image',
            SUPPLY_CHAIN_RESULTS.signatureVerified,
          ),
        },
      ],
      tasks: [
        cloneTask(spec),
        lintTask(spec),
        testTask(spec),
        vulnerabilityScanTask(spec),
        buildImageTask(),
        signImageTask(spec.name),
        sbomTask(spec.name),
        ...(deploys ? [bumpGitopsTask(spec)] : []),
      ],
    },
  };
}
