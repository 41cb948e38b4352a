import { KUBERNETES_ID_ANNOTATION } from '@go-delivery/plugin-delivery-common';
import { serviceMetadata } from '../../gitops/labels';
import type { KubernetesObject } from '../../gitops/manifest';
import type { GoServiceSpec } from '../../types';
import { ciNames, MAIN_BRANCH } from '../names';
import { ciSecrets } from './ciSecrets';
import { WORKSPACES } from './stepParts';

/**
 * Where a PipelineRun records its commit and branch: the keys of Pipelines-as-Code, which the
 * portal (like the Tekton dashboards) reads.
 */
export const PIPELINE_RUN_SHA_KEY = 'pipelinesascode.tekton.dev/sha';
export const PIPELINE_RUN_BRANCH_KEY = 'pipelinesascode.tekton.dev/branch';

const TRIGGERS_API = 'triggers.tekton.dev/v1beta1';

/**
 * The webhook endpoint: the github interceptor checks the payload signature with the shared
 * secret and keeps push events; the CEL interceptor keeps pushes to the main branch and derives
 * the short branch name.
 */
export function eventListener(spec: GoServiceSpec): KubernetesObject {
  const names = ciNames(spec.name);
  return {
    apiVersion: TRIGGERS_API,
    kind: 'EventListener',
    metadata: serviceMetadata(spec.name, names.eventListener),
    spec: {
      serviceAccountName: names.triggersServiceAccount,
      triggers: [
        {
          name: `push-to-${MAIN_BRANCH}`,
          interceptors: [
            {
              name: 'verify-github-signature',
              ref: { name: 'github', kind: 'ClusterInterceptor' },
              params: [
                {
                  name: 'secretRef',
                  value: {
                    secretName: ciSecrets(spec.name).githubWebhook.name,
                    secretKey: 'secret',
                  },
                },
                { name: 'eventTypes', value: ['push'] },
              ],
            },
            {
              name: `only-${MAIN_BRANCH}`,
              ref: { name: 'cel', kind: 'ClusterInterceptor' },
              params: [
                {
                  name: 'filter',
                  value: `body.ref == 'refs/heads/${MAIN_BRANCH}' && body.deleted == false`,
                },
                {
                  name: 'overlays',
                  value: [
                    { key: 'branch', expression: "body.ref.split('/')[2]" },
                  ],
                },
              ],
            },
          ],
          bindings: [{ kind: 'TriggerBinding', ref: names.triggerBinding }],
          template: { ref: names.triggerTemplate },
        },
      ],
    },
  };
}

/** What the pipeline needs from a GitHub push payload. */
export function triggerBinding(spec: GoServiceSpec): KubernetesObject {
  return {
    apiVersion: TRIGGERS_API,
    kind: 'TriggerBinding',
    metadata: serviceMetadata(spec.name, ciNames(spec.name).triggerBinding),
    spec: {
      params: [
        { name: 'revision', value: '$(body.after)' },
        { name: 'branch', value: '$(extensions.branch)' },
        { name: 'repo-url', value: '$(body.repository.clone_url)' },
      ],
    },
  };
}

/**
 * The PipelineRun of one push. Labelled for the portal: the Kubernetes plugin's id, the
 * pipeline, and the commit and branch (as labels to select on and annotations to read).
 */
export function pipelineRun(spec: GoServiceSpec): KubernetesObject {
  const names = ciNames(spec.name);
  const secrets = ciSecrets(spec.name);
  const commitAndBranch = {
    [PIPELINE_RUN_SHA_KEY]: '$(tt.params.revision)',
    [PIPELINE_RUN_BRANCH_KEY]: '$(tt.params.branch)',
  };
  return {
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: {
      generateName: `${spec.name}-`,
      labels: {
        [KUBERNETES_ID_ANNOTATION]: spec.name,
        'tekton.dev/pipeline': names.pipeline,
        ...commitAndBranch,
      },
      annotations: commitAndBranch,
    },
    spec: {
      pipelineRef: { name: names.pipeline },
      params: [
        { name: 'revision', value: '$(tt.params.revision)' },
        { name: 'branch', value: '$(tt.params.branch)' },
        { name: 'repo-url', value: '$(tt.params.repo-url)' },
      ],
      taskRunTemplate: { serviceAccountName: names.pipelineServiceAccount },
      timeouts: { pipeline: '1h0m0s' },
      workspaces: [
        {
          name: WORKSPACES.source,
          volumeClaimTemplate: {
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: '2Gi' } },
            },
          },
        },
        {
          name: WORKSPACES.dockerConfig,
          secret: { secretName: secrets.registry.name },
        },
        {
          name: WORKSPACES.gitCredentials,
          secret: { secretName: secrets.git.name },
        },
      ],
    },
  };
}

export function triggerTemplate(spec: GoServiceSpec): KubernetesObject {
  return {
    apiVersion: TRIGGERS_API,
    kind: 'TriggerTemplate',
    metadata: serviceMetadata(spec.name, ciNames(spec.name).triggerTemplate),
    spec: {
      params: [
        { name: 'revision', description: 'The pushed commit.' },
        {
          name: 'branch',
          description: 'The branch pushed to.',
          default: MAIN_BRANCH,
        },
        { name: 'repo-url', description: 'Clone URL of the repository.' },
      ],
      resourcetemplates: [pipelineRun(spec)],
    },
  };
}
