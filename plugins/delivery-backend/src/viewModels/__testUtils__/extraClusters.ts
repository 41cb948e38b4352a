import {
  CustomResourceDefinitionFilter,
  KubernetesApiServer,
  loadKubernetesFixtures,
  onlyProjects,
  readYamlObjects,
  REFERENCE_DIR,
} from '@go-delivery/sandbox';
import { join, resolve } from 'node:path';
import { newestFirst } from '../../services/pipelines/toPipelineRunView';

/** Picked by the entity of the reference answers (`backstage.io/kubernetes-label-selector`). */
export const REFERENCE_LABEL = {
  key: 'app.kubernetes.io/part-of',
  value: 'reference-rollouts',
};

/** The token both reference clusters accept. */
export const REFERENCE_TOKEN = 'reference-token';

/** The reference clusters run Argo Rollouts only. */
const rolloutsCrds = onlyProjects('argo-rollouts');

/** The Argo Rollouts reference examples served as they are (see reference/SOURCES.md). */
const REFERENCE_EXAMPLES = [
  'rollout-aborted-rollout.yaml',
  'rollout-aborted-analysisrun.yaml',
];

// Test code runs from source, never bundled: its YAML input sits next to it.
// eslint-disable-next-line no-restricted-syntax
const LEGACY_ROLLOUT_FILE = resolve(__dirname, 'legacy-api.yaml');

/**
 * Rollouts carry no label the entity could select them by in the examples: the label is added to
 * the Rollouts only, nothing else of the objects changes.
 */
function labelled(object: any): any {
  if (object.kind !== 'Rollout') return object;
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: {
        ...object.metadata?.labels,
        [REFERENCE_LABEL.key]: REFERENCE_LABEL.value,
      },
    },
  };
}

/**
 * The Rollout CRD as an old controller installed it: no `status` subresource (before v0.10) and
 * canary steps kept as written, so a step kind the published schema does not know is stored rather
 * than pruned.
 */
const legacyRolloutCrd: CustomResourceDefinitionFilter = crd => {
  if (!rolloutsCrds(crd)) return undefined;
  if (crd.metadata.name !== 'rollouts.argoproj.io') return crd;
  for (const version of crd.spec.versions) {
    delete version.subresources?.status;
    const steps =
      version.schema.openAPIV3Schema.properties.spec.properties.strategy
        .properties.canary.properties.steps;
    steps.items['x-kubernetes-preserve-unknown-fields'] = true;
  }
  return crd;
};

/** A real API server started from captured objects, and those objects as captured. */
export interface CapturedCluster {
  server: KubernetesApiServer;
  /** The objects as captured, before the server gave them uids and creation times. */
  captured: any[];
}

/**
 * Two real API servers besides the sandbox's: `ref` with an aborted canary of the Argo Rollouts
 * reference examples, `legacy` with the sparse Rollout of an old controller (and its CRD).
 */
export async function startReferenceClusters(): Promise<
  Record<'ref' | 'legacy', CapturedCluster>
> {
  const dir = join(REFERENCE_DIR, 'examples', 'argo-rollouts');
  const start = async (
    name: string,
    files: string[],
    crds: CustomResourceDefinitionFilter = rolloutsCrds,
  ): Promise<CapturedCluster> => {
    const captured = files.flatMap(file => readYamlObjects(file).map(labelled));
    const server = await KubernetesApiServer.start({
      name,
      fixtures: { objects: captured, logs: {} },
      tokens: { [REFERENCE_TOKEN]: { name: 'delivery' } },
      crds,
    });
    return { server, captured };
  };
  const [ref, legacy] = await Promise.all([
    start(
      'ref',
      REFERENCE_EXAMPLES.map(file => join(dir, file)),
    ),
    start('legacy', [LEGACY_ROLLOUT_FILE], legacyRolloutCrd),
  ]);
  const stored = await legacy.server.object(
    'argoproj.io/v1alpha1',
    'Rollout',
    'shop',
    'legacy-api',
  );
  if (!stored?.spec?.strategy?.canary?.steps?.[2]?.trafficShadow) {
    await Promise.all([ref.server.stop(), legacy.server.stop()]);
    throw new Error(
      `The legacy cluster did not keep legacy-api's unknown step: ${JSON.stringify(
        stored?.spec?.strategy?.canary?.steps,
      )}`,
    );
  }
  return { ref, legacy };
}

/** `2020-09-22T09:10:04Z`, as the API server and the views write times. */
function isoSeconds(time: string | Date): string {
  return new Date(time).toISOString().replace('.000Z', 'Z');
}

/** Analysis runs newest first, as the rollouts view orders them (ties in list order: by name). */
function analysisRunsNewestFirst(a: any, b: any): number {
  return (
    (b.createdAt ?? '').localeCompare(a.createdAt ?? '') ||
    (a.name ?? '').localeCompare(b.name ?? '')
  );
}

/** Pipeline run views in the pipelines route's order, by their (captured) times. */
function runsNewestFirst(a: any, b: any): number {
  const resource = (view: any) => ({
    metadata: { name: view.name, creationTimestamp: view.createdAt },
    status: { startTime: view.startedAt },
  });
  return newestFirst(resource(a), resource(b));
}

/**
 * Writes answers read from real API servers as if the servers had kept the captured objects' uids
 * and creation times, so the view models do not change with each start. A server's uid is replaced
 * wherever it appears (uids are unique); a creation time only as the `createdAt` of a part of an
 * answer that names the object (its `name`, and its own or its enclosing part's `namespace`), and
 * only when it is the server's. The server creates the fixtures within a second or two, so what
 * the backend orders by creation time (pipeline runs, a Rollout's analysis runs) is put back in
 * the order the captured times give, by the backend's own rule.
 */
export async function capturedIdentities(
  clusters: CapturedCluster[],
): Promise<(answer: unknown) => unknown> {
  const uids = new Map<string, string>();
  /** `namespace/name` → the server's creation time → the captured one. */
  const created = new Map<string, Map<string, string>>();
  const key = (namespace: unknown, name: unknown) => `${namespace}/${name}`;
  for (const { server, captured } of clusters) {
    for (const object of captured) {
      const { namespace, name, uid, creationTimestamp } = object.metadata;
      const stored = await server.object(
        object.apiVersion,
        object.kind,
        namespace,
        name,
      );
      if (!stored) {
        throw new Error(
          `${server.name}: ${object.kind} ${key(
            namespace,
            name,
          )} was not stored`,
        );
      }
      if (uid) uids.set(stored.metadata.uid, uid);
      if (creationTimestamp) {
        const times = created.get(key(namespace, name)) ?? new Map();
        times.set(
          isoSeconds(stored.metadata.creationTimestamp),
          isoSeconds(creationTimestamp),
        );
        created.set(key(namespace, name), times);
      }
    }
  }
  const rewrite = (value: unknown, namespace?: unknown): unknown => {
    if (typeof value === 'string') return uids.get(value) ?? value;
    if (Array.isArray(value)) return value.map(v => rewrite(v, namespace));
    if (!value || typeof value !== 'object') return value;
    const own = (value as Record<string, unknown>).namespace ?? namespace;
    const object: Record<string, unknown> = Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, rewrite(v, own)]),
    );
    const captured =
      typeof object.createdAt === 'string'
        ? created.get(key(own, object.name))?.get(object.createdAt)
        : undefined;
    if (captured) object.createdAt = captured;
    if (Array.isArray(object.analysisRuns)) {
      object.analysisRuns = [...object.analysisRuns].sort(
        analysisRunsNewestFirst,
      );
    }
    if (Array.isArray(object.runs)) {
      object.runs = [...object.runs].sort(runsNewestFirst);
    }
    return object;
  };
  return answer => rewrite(answer);
}

/** The token of the CI cluster below: it may list PipelineRuns, not TaskRuns. */
export const PIPELINE_RUNS_ONLY_TOKEN = 'pipelineruns-only-token';

/**
 * The sandbox's CI cluster once more, a real API server whose RBAC grants the backend's user
 * PipelineRuns and nothing else (no TaskRuns): what the backend answers when Kubernetes refuses
 * part of a read.
 */
export async function startPipelineRunsOnlyCluster(): Promise<KubernetesApiServer> {
  return KubernetesApiServer.start({
    name: 'ci',
    fixtures: loadKubernetesFixtures().ci,
    tokens: {
      [PIPELINE_RUNS_ONLY_TOKEN]: {
        name: 'delivery',
        resources: ['pipelineruns'],
      },
    },
    crds: onlyProjects('tekton'),
  });
}
