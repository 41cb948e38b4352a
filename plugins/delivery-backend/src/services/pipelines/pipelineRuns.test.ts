import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  FakeKubernetes,
  loadKubernetesFixtures,
} from '@go-delivery/sandbox/src/kubernetes';
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
  let fake: FakeKubernetes;

  beforeEach(async () => {
    fake = await FakeKubernetes.start({
      name: 'ci',
      fixtures,
      tokens: {
        admin: { name: 'admin' },
        // Lists, but no reads of single objects: as a too narrow Role would allow.
        'list-only': { name: 'lister', verbs: ['list'] },
      },
    });
  });

  afterEach(async () => {
    await fake.stop();
  });

  function service(options?: { token?: string; ttlMs?: number }) {
    const config = new ConfigReader({
      delivery: {
        kubernetes: {
          clusters: [
            {
              name: 'ci',
              url: fake.url,
              skipTLSVerify: true,
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
    expect(fake.requests).toHaveLength(2);

    await pipelines.cancel({
      entity: payments,
      ref: {
        cluster: 'ci',
        namespace: 'payments',
        name: 'payments-api-ci-r2d9w',
      },
      credentials: mockCredentials.user('user:default/alice'),
    });
    fake.clearRequests();
    // The fake has no Tekton controller; play its part so the new state is visible.
    fake.put({
      ...fake.object(
        'tekton.dev/v1',
        'PipelineRun',
        'payments',
        'payments-api-ci-r2d9w',
      ),
      status: {
        ...fake.object(
          'tekton.dev/v1',
          'PipelineRun',
          'payments',
          'payments-api-ci-r2d9w',
        ).status,
        conditions: [
          { type: 'Succeeded', status: 'False', reason: 'Cancelled' },
        ],
      },
    });
    const after = await pipelines.listRuns(payments);
    expect(fake.requests).toHaveLength(2);
    expect(
      after.runs.find(r => r.name === 'payments-api-ci-r2d9w')?.status,
    ).toBe('cancelled');
  });

  it('reads unlisted task runs one by one and reports when it cannot', async () => {
    // Strip the entity label from one run's task runs, as if labels were not propagated.
    for (const taskRun of fake.objects(
      'tekton.dev/v1',
      'TaskRun',
      'payments',
    )) {
      if (
        taskRun.metadata.labels['tekton.dev/pipelineRun'] ===
        'payments-api-ci-7xk2p'
      ) {
        delete taskRun.metadata.labels['backstage.io/kubernetes-id'];
        fake.put(taskRun);
      }
    }
    const full = await service().listRuns(payments);
    expect(
      full.runs.find(r => r.name === 'payments-api-ci-7xk2p')?.taskRuns,
    ).toHaveLength(7);
    expect(
      fake.requests.filter(r => /\/taskruns\/.+/.test(r.path)),
    ).toHaveLength(7);

    const partial = await service({ token: 'list-only' }).listRuns(payments);
    const run = partial.runs.find(r => r.name === 'payments-api-ci-7xk2p')!;
    expect(run.taskRuns).toEqual([]);
    expect(run.taskRunsFailure).toMatchObject({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'forbidden',
      status: 403,
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
    const created = fake.object(
      'tekton.dev/v1',
      'PipelineRun',
      'payments',
      result.run.name,
    );
    expect(created.metadata.annotations['go-delivery.dev/rerun-by']).toBe(
      'external:ci-bot',
    );
    expect(created.metadata.generateName).toBe('payments-api-ci-');
  });
});
