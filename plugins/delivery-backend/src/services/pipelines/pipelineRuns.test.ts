import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  KubernetesApiServer,
  loadKubernetesFixtures,
  onlyProjects,
} from '@go-delivery/sandbox';
import {
  PipelineRunRef,
  readDeliveryTargets,
} from '@go-delivery/plugin-delivery-common';
import {
  createKubernetesClients,
  readKubernetesConfig,
  TEKTON_PIPELINE_RUNS,
  TEKTON_TASK_RUNS,
} from '@go-delivery/plugin-delivery-node';
import { principalOf } from '../../actions/authorizeEntityAction';
import { CachedLoader } from '../../upstreams/cache/CachedLoader';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { KubernetesReads } from '../../upstreams/kubernetes/KubernetesReads';
import { bindKubernetesObject } from '../../binding/kubernetesObjects';
import { PIPELINE_RUNS } from './pipelineRunBinding';
import { PipelineRunActions } from './PipelineRunActions';
import { PipelineRunsReader } from './PipelineRunsReader';
import { slimPipelineRun, slimTaskRun } from './slimResources';

jest.setTimeout(120_000);

const fixtures = loadKubernetesFixtures().ci;
const NOW = Date.parse('2026-01-15T10:01:30Z');

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'payments-api',
      'tekton.dev/cicd': 'true',
    },
  },
};

/** A working in-memory cache, so the service's use of the shared cache is what is tested. */
function memoryCache() {
  const store = new Map<string, unknown>();
  return mockServices.cache.mock({
    get: async (key: string) => store.get(key) as any,
    set: async (key: string, value: unknown) => {
      store.set(key, value);
    },
    delete: async (key: string) => {
      store.delete(key);
    },
  });
}

describe('pipeline runs: reader and actions', () => {
  let server: KubernetesApiServer;

  beforeAll(async () => {
    server = await KubernetesApiServer.start({
      name: 'ci',
      fixtures,
      tokens: {
        admin: { name: 'admin' },
        // Lists, but no reads of single objects: as a too narrow Role would allow.
        'list-only': { name: 'lister', verbs: ['list'] },
      },
      crds: onlyProjects('tekton'),
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  beforeEach(() => {
    server.resetRequests();
  });

  /** What the service asked the cluster, in a stable order (the lists go out in parallel). */
  async function requests() {
    return (await server.requests())
      .map(r => [r.method, r.path, r.user, r.status])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
  }

  function service(options?: { token?: string; ttlMs?: number }) {
    const config = new ConfigReader({
      delivery: {
        kubernetes: {
          clusters: [
            {
              name: 'ci',
              url: server.url,
              caData: server.caData,
              auth: {
                type: 'serviceAccount',
                token: options?.token ?? 'admin',
              },
            },
          ],
        },
      },
    });
    const clusters = new InstanceRegistry(
      'kubernetes',
      createKubernetesClients(readKubernetesConfig(config)),
    );
    const kubernetes = new KubernetesReads({
      loader: new CachedLoader({
        cache: memoryCache(),
        ttlMs: options?.ttlMs ?? 0,
        logger: mockServices.logger.mock(),
      }),
      slimmers: [
        [TEKTON_PIPELINE_RUNS, slimPipelineRun],
        [TEKTON_TASK_RUNS, slimTaskRun],
      ],
    });
    const reader = new PipelineRunsReader({
      clusters,
      kubernetes,
      maxRuns: 20,
      logLimitBytes: 4096,
      now: () => NOW,
    });
    const actions = new PipelineRunActions({ kubernetes });
    const targets = (entity: Entity) => readDeliveryTargets(entity);
    const bind = (entity: Entity, ref: PipelineRunRef) =>
      bindKubernetesObject({
        targets: targets(entity),
        clusters,
        ref,
        of: PIPELINE_RUNS,
      });
    return {
      listRuns: (entity: Entity) => reader.listRuns(targets(entity).tekton),
      cancel: (request: {
        entity: Entity;
        ref: PipelineRunRef;
        credentials: unknown;
      }) => actions.cancel(bind(request.entity, request.ref)),
      rerun: (request: {
        entity: Entity;
        ref: PipelineRunRef;
        credentials: Parameters<typeof principalOf>[0];
      }) =>
        actions.rerun(
          bind(request.entity, request.ref),
          principalOf(request.credentials),
        ),
    };
  }

  it('serves repeated views from the cache, and reads again after an action', async () => {
    const pipelines = service({ ttlMs: 60_000 });
    await pipelines.listRuns(payments);
    await pipelines.listRuns(payments);
    const lists = [
      ['GET', '/apis/tekton.dev/v1/pipelineruns', 'admin', 200],
      ['GET', '/apis/tekton.dev/v1/taskruns', 'admin', 200],
    ];
    expect(await requests()).toEqual(lists);

    server.resetRequests();
    await pipelines.cancel({
      entity: payments,
      ref: {
        cluster: 'ci',
        namespace: 'payments',
        name: 'payments-api-ci-r2d9w',
      },
      credentials: mockCredentials.user('user:default/alice'),
    });
    const run =
      '/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-r2d9w';
    expect(
      (await server.requests()).map(r => [r.method, r.path, r.body, r.status]),
    ).toEqual([
      ['GET', run, undefined, 200],
      ['PATCH', run, { spec: { status: 'Cancelled' } }, 200],
    ]);
    const cancelled = await server.object(
      'tekton.dev/v1',
      'PipelineRun',
      'payments',
      'payments-api-ci-r2d9w',
    );
    expect(cancelled.spec.status).toBe('Cancelled');
    // No Tekton controller runs here; play its part so the new state is visible.
    await server.setStatus(
      'tekton.dev/v1',
      'PipelineRun',
      'payments',
      'payments-api-ci-r2d9w',
      {
        ...cancelled.status,
        conditions: [
          { type: 'Succeeded', status: 'False', reason: 'Cancelled' },
        ],
      },
    );
    server.resetRequests();
    const after = await pipelines.listRuns(payments);
    expect(await requests()).toEqual(lists);
    expect(
      after.runs.find(r => r.name === 'payments-api-ci-r2d9w')?.status,
    ).toBe('cancelled');
  });

  it('reads unlisted task runs one by one and reports when it cannot', async () => {
    // Strip the entity label from one run's task runs, as if labels were not propagated.
    const stripped: string[] = [];
    for (const taskRun of await server.objects(
      'tekton.dev/v1',
      'TaskRun',
      'payments',
    )) {
      if (
        taskRun.metadata.labels['tekton.dev/pipelineRun'] ===
        'payments-api-ci-7xk2p'
      ) {
        await server.patch(
          'tekton.dev/v1',
          'TaskRun',
          'payments',
          taskRun.metadata.name,
          { metadata: { labels: { 'backstage.io/kubernetes-id': null } } },
        );
        stripped.push(taskRun.metadata.name);
      }
    }
    expect(stripped).toHaveLength(7);
    server.resetRequests();
    const full = await service().listRuns(payments);
    expect(
      full.runs.find(r => r.name === 'payments-api-ci-7xk2p')?.taskRuns,
    ).toHaveLength(7);
    expect(
      (await requests()).filter(([, path]) =>
        /\/taskruns\/.+/.test(String(path)),
      ),
    ).toEqual(
      stripped
        .sort()
        .map(name => [
          'GET',
          `/apis/tekton.dev/v1/namespaces/payments/taskruns/${name}`,
          'admin',
          200,
        ]),
    );

    const partial = await service({ token: 'list-only' }).listRuns(payments);
    const run = partial.runs.find(r => r.name === 'payments-api-ci-7xk2p')!;
    expect(run.taskRuns).toEqual([]);
    expect(run.taskRunsFailure).toEqual({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'forbidden',
      status: 403,
      message: expect.stringMatching(
        /^Kubernetes cluster 'ci': HTTP 403: taskruns\.tekton\.dev "payments-api-ci-7xk2p-[a-z-]+" is forbidden: User "lister" cannot get resource "taskruns" in API group "tekton\.dev" in the namespace "payments"$/,
      ),
    });
    expect(partial.failures).toEqual([]);
  });

  it('records a service caller as the one who asked for a rerun', async () => {
    const result = await service().rerun({
      entity: payments,
      ref: {
        cluster: 'ci',
        namespace: 'payments',
        name: 'payments-api-ci-7xk2p',
      },
      credentials: mockCredentials.service('external:ci-bot'),
    });
    const created = await server.object(
      'tekton.dev/v1',
      'PipelineRun',
      'payments',
      result.run.name,
    );
    expect(created.metadata.annotations['go-delivery.dev/rerun-by']).toBe(
      'external:ci-bot',
    );
    expect(created.metadata.generateName).toBe('payments-api-ci-');
    expect(result.run.name).toMatch(/^payments-api-ci-[a-z0-9]{5}$/);
    // The server kept the whole spec of the original (nothing unknown to the v1 schema was
    // dropped), and the run is the entity's by its labels.
    const original = await server.object(
      'tekton.dev/v1',
      'PipelineRun',
      'payments',
      'payments-api-ci-7xk2p',
    );
    expect(created.spec).toEqual(original.spec);
    expect(created.metadata.labels['backstage.io/kubernetes-id']).toBe(
      'payments-api',
    );
    expect(
      (await server.requests()).map(r => [r.method, r.path, r.status]),
    ).toEqual([
      [
        'GET',
        '/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-7xk2p',
        200,
      ],
      ['POST', '/apis/tekton.dev/v1/namespaces/payments/pipelineruns', 201],
    ]);
  });
});
