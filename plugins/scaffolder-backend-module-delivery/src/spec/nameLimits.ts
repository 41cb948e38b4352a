import { ciNames } from '../generators/ci';
import {
  argoCdApplicationName,
  environmentNamespace,
  gitopsNames,
  prodClusterApplicationName,
} from '../generators/gitops';
import type {
  CiProvider,
  Environment,
  ManifestFormat,
} from '../generators/types';

/** Kubernetes names the service's objects carry are RFC 1123 labels: at most 63 characters. */
export const KUBERNETES_NAME_MAX_LENGTH = 63;
/** Helm refuses release names longer than 53 characters; the chart's objects are named after it. */
export const HELM_RELEASE_NAME_MAX_LENGTH = 53;
/** What the ApplicationSet puts between the service and a cluster: `<service>-prod-<cluster>`. */
export const PROD_CLUSTER_INFIX = prodClusterApplicationName('', '');

/** The choices of the template's form that decide which names are derived from the service's. */
export interface NameOptions {
  ci: CiProvider;
  manifests: ManifestFormat;
  canary: boolean;
  environments: readonly Environment[];
  /** Production as an ApplicationSet over several clusters. */
  applicationSet: boolean;
}

/** Stands for the service name; each derived name is measured by what it adds to it. */
const PROBE = 's';

/**
 * Every Kubernetes object name (and namespace) the generators derive from the service name for
 * these options, for a service called `service`. Cluster-dependent names (the ApplicationSet's
 * `<service>-prod-<cluster>`) are bounded separately by {@link PROD_CLUSTER_NAME_MAX_LENGTH}.
 */
export function derivedNames(service: string, options: NameOptions): string[] {
  const gitops = gitopsNames(service);
  const names = [
    gitops.workload,
    gitops.serviceAccount,
    gitops.stableService,
    gitops.appSecret,
    gitops.autoscaler,
    gitops.disruptionBudget,
    ...(options.canary ? [gitops.canaryService, gitops.analysisTemplate] : []),
    ...options.environments.flatMap(env => [
      environmentNamespace(service, env),
      argoCdApplicationName(service, env),
    ]),
  ];
  if (options.ci === 'tekton') {
    const ci = ciNames(service);
    names.push(
      ci.namespace,
      ci.pipeline,
      ci.eventListener,
      // The EventListener's Service, created by Tekton Triggers.
      `el-${ci.eventListener}`,
      ci.triggerBinding,
      ci.triggerTemplate,
      ci.triggersServiceAccount,
      ci.pipelineServiceAccount,
      ...Object.values(ci.secrets),
      // PipelineRuns: generateName `<service>-` plus the 5 characters Kubernetes appends.
      `${service}-xxxxx`,
    );
  }
  return names;
}

/** How many characters the longest name these options derive adds to the service name. */
export function longestDerivedAddition(options: NameOptions): number {
  return Math.max(
    ...derivedNames(PROBE, options).map(name => name.length - PROBE.length),
  );
}

/** The longest name these options may derive is 63 characters: the longest service name. */
export function maxServiceNameLength(options: NameOptions): number {
  const limit = KUBERNETES_NAME_MAX_LENGTH - longestDerivedAddition(options);
  return options.manifests === 'helm'
    ? Math.min(limit, HELM_RELEASE_NAME_MAX_LENGTH)
    : limit;
}

/** Every combination of the form's choices that bears on derived names. */
export function nameOptionCombinations(): NameOptions[] {
  const environmentSets: Environment[][] = [
    ['dev'],
    ['staging'],
    ['prod'],
    ['dev', 'staging'],
    ['dev', 'prod'],
    ['staging', 'prod'],
    ['dev', 'staging', 'prod'],
  ];
  const combinations: NameOptions[] = [];
  for (const ci of ['tekton', 'github-actions', 'gitlab-ci'] as const) {
    for (const manifests of ['kustomize', 'helm'] as const) {
      for (const canary of [true, false]) {
        for (const environments of environmentSets) {
          for (const applicationSet of [false, true]) {
            if (applicationSet && !environments.includes('prod')) continue;
            combinations.push({
              ci,
              manifests,
              canary,
              environments,
              applicationSet,
            });
          }
        }
      }
    }
  }
  return combinations;
}

/**
 * The longest service name the form accepts: the form asks for the name before the options, so
 * it allows only what every choice of options can derive names from. The template's `maxLength`
 * is this number (its test checks that), and {@link resolveGoServiceSpec} refuses longer names.
 */
export const SERVICE_NAME_MAX_LENGTH = Math.min(
  ...nameOptionCombinations().map(maxServiceNameLength),
);

/**
 * The longest cluster name of a multi-cluster production: `<service>-prod-<cluster>` names an
 * Application, so a cluster name has what a service name of the longest length leaves.
 */
export const PROD_CLUSTER_NAME_MAX_LENGTH =
  KUBERNETES_NAME_MAX_LENGTH -
  SERVICE_NAME_MAX_LENGTH -
  PROD_CLUSTER_INFIX.length;

/** A multi-cluster production needs at least this many clusters (else: one Application). */
export const PROD_CLUSTERS_MIN = 2;
