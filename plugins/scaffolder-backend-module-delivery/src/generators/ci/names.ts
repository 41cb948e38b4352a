import type { GoServiceSpec } from '../types';

/** The branch whose pushes build, sign and deploy; other branches are only verified. */
export const MAIN_BRANCH = 'main';

/** How the portal's catalog names the service; the coverage upload is filed under it. */
export function componentRef(service: string): string {
  return `component:default/${service}`;
}

/** Names of the CI objects (Tekton variant), derived from the service name alone. */
export function ciNames(service: string) {
  return {
    /** Pipelines, triggers and CI secrets of one service live in their own namespace. */
    namespace: `${service}-ci`,
    pipeline: `${service}-ci`,
    eventListener: service,
    triggerBinding: `${service}-github-push`,
    triggerTemplate: `${service}-pipeline-run`,
    triggersServiceAccount: `${service}-triggers`,
    pipelineServiceAccount: `${service}-pipeline`,
    secrets: {
      githubWebhook: `${service}-github-webhook`,
      registry: `${service}-registry`,
      git: `${service}-git`,
      cosign: `${service}-cosign`,
      portalToken: `${service}-portal-token`,
    },
  };
}

/** Derived names that must be RFC 1123 labels: the namespace and the listener's Service. */
export function ciDnsLabels(spec: GoServiceSpec): string[] {
  const names = ciNames(spec.name);
  return [names.namespace, `el-${names.eventListener}`];
}
