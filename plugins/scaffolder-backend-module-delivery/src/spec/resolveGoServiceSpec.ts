import { InputError } from '@backstage/errors';
import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { isDnsLabel } from '@go-delivery/plugin-delivery-common';
import { generateCi } from '../generators/ci';
import { generateGitOps } from '../generators/gitops';
import {
  generateGoService,
  isGoModulePath,
  isSupportedGoVersion,
} from '../generators/goService';
import type {
  CiProvider,
  Environment,
  GoServiceSpec,
  ManifestFormat,
  ProdCluster,
} from '../generators/types';
import type { DeliveryScaffolderSettings } from '../settings';
import {
  hostedCloneUrl,
  HostedRepository,
  localRepositoryUrl,
  parseRepoPickerValue,
} from './repositoryLocations';
import {
  PROD_CLUSTER_NAME_MAX_LENGTH,
  PROD_CLUSTERS_MIN,
  SERVICE_NAME_MAX_LENGTH,
} from './nameLimits';
import {
  ARGOCD_LAYOUTS,
  ArgoCdLayout,
  CI_PROVIDERS,
  ENVIRONMENTS,
  MANIFEST_FORMATS,
  PUBLISH_TARGETS,
  PublishTarget,
  SERVICE_DEFAULTS,
  ServiceInput,
} from './serviceInput';

/** Collects every problem of the input, so that the form's user fixes them in one go. */
class Problems {
  private readonly list = new Set<string>();

  add(problem: string): void {
    this.list.add(problem);
  }

  /** Runs `check`; the problems of a thrown InputError (from a generator) are collected. */
  collect(check: () => void): void {
    try {
      check();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // Generators name all their problems in one message, separated by '; '.
      error.message
        .replace(/^Cannot generate [^:]+: /, '')
        .split('; ')
        .forEach(problem => this.add(problem));
    }
  }

  throwIfAny(): void {
    if (this.list.size > 0) {
      throw new InputError(
        `The Go service cannot be created: ${[...this.list].join('; ')}`,
      );
    }
  }
}

const entityNames = makeValidator();

function entityRef(
  value: string | undefined,
  defaultKind: string,
  field: string,
  problems: Problems,
): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    const ref = parseEntityRef(value.trim(), {
      defaultKind,
      defaultNamespace: 'default',
    });
    if (
      entityNames.isValidKind(ref.kind) &&
      entityNames.isValidNamespace(ref.namespace) &&
      entityNames.isValidEntityName(ref.name)
    ) {
      return stringifyEntityRef(ref);
    }
  } catch {
    // reported below
  }
  problems.add(
    `${field} "${value}" is not an entity reference (e.g. group:default/team-payments)`,
  );
  return undefined;
}

function hostedRepository(
  value: string | undefined,
  field: string,
  target: PublishTarget,
  problems: Problems,
): HostedRepository | undefined {
  const repository = value ? parseRepoPickerValue(value) : undefined;
  if (!repository) {
    problems.add(
      `${field} must name the repository on ${target} (host?owner=…&repo=…), got ${JSON.stringify(
        value ?? '',
      )}`,
    );
  }
  return repository;
}

interface RepositoryChoice {
  serviceRepoUrl: string;
  gitopsRepoUrl: string;
  /** `<host>/<owner>/<repo>` of the hosted service repository: the default module path. */
  defaultModulePath: string;
}

function repositories(
  input: ServiceInput,
  target: PublishTarget,
  settings: DeliveryScaffolderSettings,
  problems: Problems,
): RepositoryChoice | undefined {
  if (target === 'local') {
    const { directory, gitopsRepository } = settings.localGit;
    if (input.name === gitopsRepository) {
      problems.add(
        `name "${input.name}" is the name of the local GitOps repository; choose another name`,
      );
    }
    return {
      serviceRepoUrl: localRepositoryUrl(directory, input.name),
      gitopsRepoUrl: localRepositoryUrl(directory, gitopsRepository),
      defaultModulePath: `localhost/${input.name}`,
    };
  }
  const service = hostedRepository(
    input.publish?.repoUrl,
    'publish.repoUrl',
    target,
    problems,
  );
  const gitops = hostedRepository(
    input.publish?.gitopsRepoUrl,
    'publish.gitopsRepoUrl',
    target,
    problems,
  );
  if (!service || !gitops) return undefined;
  return {
    serviceRepoUrl: hostedCloneUrl(service),
    gitopsRepoUrl: hostedCloneUrl(gitops),
    defaultModulePath: `${service.host}/${service.owner}/${service.repo}`,
  };
}

function environments(
  value: string[] | undefined,
  problems: Problems,
): Environment[] {
  const wanted = value ?? SERVICE_DEFAULTS.environments;
  const unknown = wanted.filter(
    env => !ENVIRONMENTS.includes(env as Environment),
  );
  if (unknown.length > 0) {
    problems.add(
      `environments ${unknown.join(
        ', ',
      )} unknown (choose from ${ENVIRONMENTS.join(', ')})`,
    );
  }
  if (new Set(wanted).size !== wanted.length) {
    problems.add('environments must not repeat');
  }
  // Promotion order, whatever order the form sent them in.
  const chosen = ENVIRONMENTS.filter(env => wanted.includes(env));
  if (chosen.length === 0) problems.add('choose at least one environment');
  return chosen;
}

function numberIn(
  value: number,
  field: string,
  range: { min: number; max: number; integer?: boolean },
  problems: Problems,
): void {
  const valid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    value >= range.min &&
    value <= range.max;
  if (!valid) {
    problems.add(
      `${field} ${JSON.stringify(value)} must be ${
        range.integer ? 'an integer' : 'a number'
      } between ${range.min} and ${range.max}`,
    );
  }
}

function checkName(name: unknown, problems: Problems): void {
  if (typeof name !== 'string' || !isDnsLabel(name)) {
    problems.add(
      `name ${JSON.stringify(
        name ?? '',
      )} must be lowercase letters, digits and '-', start and end with a letter or digit, and have at most ${SERVICE_NAME_MAX_LENGTH} characters`,
    );
  } else if (name.length > SERVICE_NAME_MAX_LENGTH) {
    problems.add(
      `name "${name}" has ${name.length} characters, at most ${SERVICE_NAME_MAX_LENGTH} are allowed: the names derived from it (e.g. "${name}-github-webhook") must stay within 63`,
    );
  }
}

function isHttpsUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The production clusters of an ApplicationSet: at least {@link PROD_CLUSTERS_MIN}, names RFC 1123
 * labels of at most {@link PROD_CLUSTER_NAME_MAX_LENGTH} characters and unique, https servers.
 */
function prodClusters(
  value: ServiceInput['prodClusters'],
  chosenEnvironments: Environment[],
  problems: Problems,
): ProdCluster[] {
  if (!chosenEnvironments.includes('prod')) {
    problems.add('argocdLayout "applicationset" needs the prod environment');
  }
  if (!Array.isArray(value) || value.length < PROD_CLUSTERS_MIN) {
    problems.add(
      `argocdLayout "applicationset" needs at least ${PROD_CLUSTERS_MIN} prodClusters`,
    );
    return [];
  }
  const clusters: ProdCluster[] = [];
  value.forEach((cluster, index) => {
    const name = cluster?.name;
    const server = cluster?.server;
    if (typeof name !== 'string' || !isDnsLabel(name)) {
      problems.add(
        `prodClusters[${index}].name ${JSON.stringify(
          name ?? '',
        )} must be lowercase letters, digits and '-', starting and ending with a letter or digit`,
      );
    } else if (name.length > PROD_CLUSTER_NAME_MAX_LENGTH) {
      problems.add(
        `prodClusters[${index}].name "${name}" has ${name.length} characters, at most ${PROD_CLUSTER_NAME_MAX_LENGTH} are allowed (<name>-prod-<cluster> names an Application)`,
      );
    }
    if (!isHttpsUrl(server)) {
      problems.add(
        `prodClusters[${index}].server ${JSON.stringify(
          server ?? '',
        )} must be an https URL`,
      );
    }
    clusters.push({ name, server });
  });
  const names = clusters.map(cluster => cluster.name);
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) {
    problems.add(
      `prodClusters names must be unique: ${[...new Set(repeated)].join(
        ', ',
      )} repeated`,
    );
  }
  return clusters;
}

/** Where the service's repositories go; validated by {@link resolveGoServiceSpec}. */
export function publishTargetOf(input: ServiceInput): PublishTarget {
  return (input.publish?.target ??
    SERVICE_DEFAULTS.publishTarget) as PublishTarget;
}

/**
 * Turns the template's form values into a validated, defaulted {@link GoServiceSpec}, the same in
 * every action of a run. Refuses bad input with one {@link InputError} that names every problem,
 * including those only the generators can see (names derived from the service name that would
 * exceed Kubernetes' limits), so a run fails before anything is written or published. Given the
 * scaffolder task, what the generators create is marked with its id.
 */
export function resolveGoServiceSpec(
  input: ServiceInput,
  settings: DeliveryScaffolderSettings,
  task?: { id: string },
): GoServiceSpec {
  const problems = new Problems();
  checkName(input.name, problems);
  const owner = entityRef(input.owner, 'group', 'owner', problems);
  if (!input.owner?.trim()) problems.add('owner is required');
  const system = entityRef(input.system, 'system', 'system', problems);

  const target = publishTargetOf(input);
  if (!PUBLISH_TARGETS.includes(target)) {
    problems.add(
      `publish.target "${target}" must be one of ${PUBLISH_TARGETS.join(', ')}`,
    );
  }
  const repos = PUBLISH_TARGETS.includes(target)
    ? repositories(input, target, settings, problems)
    : undefined;

  const modulePath = input.modulePath?.trim() || repos?.defaultModulePath || '';
  if (repos && !isGoModulePath(modulePath)) {
    problems.add(
      `modulePath "${modulePath}" is not a Go module path (e.g. github.com/example-org/payments-api)`,
    );
  }
  const goVersion = input.goVersion?.trim() || SERVICE_DEFAULTS.goVersion;
  if (!isSupportedGoVersion(goVersion)) {
    problems.add(`goVersion "${goVersion}" must be Go 1.24 or later`);
  }
  const port = input.port ?? SERVICE_DEFAULTS.port;
  numberIn(port, 'port', { min: 1, max: 65535, integer: true }, problems);
  const ci = (input.ci ?? SERVICE_DEFAULTS.ci) as CiProvider;
  if (!CI_PROVIDERS.includes(ci)) {
    problems.add(`ci "${ci}" must be one of ${CI_PROVIDERS.join(', ')}`);
  }
  const manifests = (input.manifests ??
    SERVICE_DEFAULTS.manifests) as ManifestFormat;
  if (!MANIFEST_FORMATS.includes(manifests)) {
    problems.add(
      `manifests "${manifests}" must be one of ${MANIFEST_FORMATS.join(', ')}`,
    );
  }
  const argocdLayout = (input.argocdLayout ??
    SERVICE_DEFAULTS.argocdLayout) as ArgoCdLayout;
  if (!ARGOCD_LAYOUTS.includes(argocdLayout)) {
    problems.add(
      `argocdLayout "${argocdLayout}" must be one of ${ARGOCD_LAYOUTS.join(
        ', ',
      )}`,
    );
  }
  const coverageThreshold =
    input.coverageThreshold ?? SERVICE_DEFAULTS.coverageThreshold;
  numberIn(
    coverageThreshold,
    'coverageThreshold',
    { min: 0, max: 100 },
    problems,
  );
  const availabilityObjective =
    input.availabilityObjective ?? SERVICE_DEFAULTS.availabilityObjective;
  numberIn(
    availabilityObjective,
    'availabilityObjective',
    { min: 90, max: 99.999 },
    problems,
  );
  const chosenEnvironments = environments(input.environments, problems);
  // Clusters the form kept from an earlier choice of ApplicationSet do not count.
  const clusters =
    argocdLayout === 'applicationset'
      ? prodClusters(input.prodClusters, chosenEnvironments, problems)
      : [];
  const canary = input.canary ?? SERVICE_DEFAULTS.canary;
  if (typeof canary !== 'boolean') {
    problems.add(`canary ${JSON.stringify(canary)} must be true or false`);
  }
  const instance = settings.argocd.instance;
  if (!instance) {
    problems.add(
      'no Argo CD instance is configured (delivery.argocd.instances) to register the service in',
    );
  }
  problems.throwIfAny();

  const spec: GoServiceSpec = {
    name: input.name,
    description:
      input.description?.replace(/\s+/g, ' ').trim() ||
      `The ${input.name} service`,
    owner: owner!,
    ...(system ? { system } : {}),
    modulePath,
    goVersion,
    port,
    ci,
    manifests,
    environments: chosenEnvironments,
    canary,
    coverageThreshold,
    availabilityObjective,
    imageRepository:
      input.imageRepository?.trim() ||
      `${settings.imageRegistry}/${input.name}`,
    serviceRepoUrl: repos!.serviceRepoUrl,
    gitopsRepoUrl: repos!.gitopsRepoUrl,
    gitopsPath: `apps/${input.name}`,
    argocd: {
      instance: instance!,
      project: settings.argocd.project,
      namespace: settings.argocd.namespace,
      destinationServer: settings.argocd.destinationServer,
      ...(clusters.length > 0 ? { prodClusters: clusters } : {}),
    },
    backstageBaseUrl: settings.backendBaseUrl,
    secretStore: settings.secretStore,
    ...(task ? { scaffolderTaskId: task.id } : {}),
  };
  // The generators are pure and fast: running them here surfaces every limit they enforce.
  problems.collect(() => generateGoService(spec));
  problems.collect(() => generateCi(spec));
  problems.collect(() => generateGitOps(spec));
  problems.throwIfAny();
  return spec;
}
