import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ErrorBudgetResponse } from '@go-delivery/plugin-delivery-common';
import { HttpPrometheusClient } from '@go-delivery/plugin-delivery-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { RealPrometheus } from '@go-delivery/sandbox/src/prometheus';
import request from 'supertest';
import { ServiceAccess } from '../actions/serviceAccess';
import {
  catalogOf,
  recordingAuditor,
  testComponent,
} from '../__testUtils__/routeTestServices';
import {
  countingClient,
  prometheusReadsOf,
} from '../services/metrics/__testUtils__/prometheusReads';
import {
  errorBudgetHistory,
  NOW,
  SLO_ANNOTATIONS,
} from '../services/slo/__testUtils__/errorBudgetScenario';
import { ErrorBudgetReader } from '../services/slo/ErrorBudgetReader';
import { ArgoCdReads } from '../upstreams/argocd/ArgoCdReads';
import { CachedLoader } from '../upstreams/cache/CachedLoader';
import { InstanceRegistry } from '../upstreams/InstanceRegistry';
import { errorBudgetRoutes } from './errorBudgetRoutes';

const OUTSIDER = 'user:default/outsider';

const catalog = catalogOf(
  [
    testComponent('payments-api', SLO_ANNOTATIONS),
    testComponent('secret-service', SLO_ANNOTATIONS),
    testComponent('no-slo', {}),
    testComponent('bad-availability', {
      'go-delivery.dev/slo-availability': '100',
    }),
    testComponent('bad-window', {
      ...SLO_ANNOTATIONS,
      'go-delivery.dev/slo-window': '1y',
    }),
    testComponent('bad-latency', {
      ...SLO_ANNOTATIONS,
      'go-delivery.dev/slo-latency': '300ms',
    }),
  ],
  { entityRef: 'component:default/secret-service', fromUser: OUTSIDER },
);

describe('error budget route', () => {
  let prometheus: RealPrometheus;
  const queries: string[] = [];

  beforeAll(async () => {
    prometheus = await RealPrometheus.start({ history: errorBudgetHistory() });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  beforeEach(() => {
    queries.length = 0;
    catalog.getEntityByRef.mockClear();
  });

  async function startBackend() {
    const { auditor, audit } = recordingAuditor();
    const errorBudgets = new ErrorBudgetReader({
      prometheus: prometheusReadsOf([
        countingClient(
          new HttpPrometheusClient({
            name: 'main',
            baseUrl: prometheus.url,
            headers: {},
            timeoutMs: 5000,
          }),
          queries,
        ),
      ]),
      argocd: new ArgoCdReads({
        instances: new InstanceRegistry('argocd', []),
        loader: new CachedLoader({
          cache: mockServices.cache.mock(),
          ttlMs: 0,
          logger: mockServices.logger.mock(),
        }),
      }),
      now: () => NOW,
    });
    const plugin = createBackendPlugin({
      pluginId: 'delivery',
      register(env) {
        env.registerInit({
          deps: {
            httpRouter: coreServices.httpRouter,
            httpAuth: coreServices.httpAuth,
            catalog: catalogServiceRef,
          },
          async init({ httpRouter, httpAuth, catalog: catalogService }) {
            httpRouter.use(
              errorBudgetRoutes({
                httpAuth,
                auditor,
                catalog: catalogService,
                serviceAccess: new ServiceAccess([]),
                errorBudgets,
              }),
            );
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [plugin, catalog.factory],
    });
    return { server, audit };
  }

  const path = (name: string) =>
    `/api/delivery/entities/component/default/${name}/error-budget`;

  it('answers with the budget, read as the caller, in one query', async () => {
    const { server, audit } = await startBackend();
    const res = await request(server)
      .get(path('payments-api'))
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .expect(200);
    const body: ErrorBudgetResponse = res.body;
    expect(body.instance).toBe('main');
    expect(body.slo.windowDays).toBe(3);
    expect(body.failures).toEqual([]);
    // No Argo CD applications: the whole service, all namespaces together.
    expect(body.budgets).toHaveLength(1);
    expect(body.budgets[0].availability.status).toBe('exhausted');
    expect(body.budgets[0].latency?.status).toBe('exhausted');
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/payments-api',
      { credentials: mockCredentials.user('user:default/alice') },
    );
    expect(queries).toHaveLength(1);
    expect(audit).toEqual([
      expect.objectContaining({
        eventId: 'error-budget-read',
        result: 'succeeded',
        resultMeta: {
          instance: 'main',
          budgets: ['service:exhausted'],
          failedInstances: [],
        },
      }),
    ]);
  });

  it('answers 404 naming the annotation to set when the entity has no objective', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(path('no-slo')).expect(404);
    expect(res.body.error.message).toBe(
      "Entity 'component:default/no-slo' has no service level objective; set the annotation 'go-delivery.dev/slo-availability' (e.g. \"99.9\")",
    );
    expect(queries).toEqual([]);
  });

  it.each([
    ['bad-availability', 'go-delivery.dev/slo-availability'],
    ['bad-window', 'go-delivery.dev/slo-window'],
    ['bad-latency', 'go-delivery.dev/slo-latency'],
  ])(
    'answers 400 naming the annotation for %s, asking nothing upstream',
    async (name, annotation) => {
      const { server } = await startBackend();
      const res = await request(server).get(path(name)).expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(
        `Annotation '${annotation}' is invalid`,
      );
      expect(queries).toEqual([]);
    },
  );

  it('answers 401 to an unauthenticated caller and 404 for entities the caller cannot see', async () => {
    const { server } = await startBackend();
    await request(server)
      .get(path('payments-api'))
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
    await request(server)
      .get(path('secret-service'))
      .set('Authorization', mockCredentials.user.header(OUTSIDER))
      .expect(404);
    await request(server).get(path('does-not-exist')).expect(404);
    expect(queries).toEqual([]);
  });
});
