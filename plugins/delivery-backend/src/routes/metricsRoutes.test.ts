import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  KubernetesTarget,
  MetricsView,
} from '@go-delivery/plugin-delivery-common';
import { RealPrometheus } from '@go-delivery/sandbox/src/prometheus';
import request from 'supertest';
import { DEFAULT_VERDICT_SETTINGS } from '../services/metrics/deployVerdict';
import { MetricsService } from '../services/metrics/MetricsService';
import {
  component,
  NOW,
  scenarioHistory,
  scenarioMarkers,
  staticMarkers,
  weekOfMarkers,
} from '../services/metrics/__testUtils__/goldenSignalsScenario';
import { ServiceAccess } from '../actions/serviceAccess';
import { DeployMarker } from '../services/metrics/DeployMarkerSource';
import {
  countingClient,
  prometheusReadsOf,
} from '../services/metrics/__testUtils__/prometheusReads';
import { metricsRoutes } from './metricsRoutes';
import {
  HttpPrometheusClient,
  PrometheusClient,
} from '@go-delivery/plugin-delivery-node';

const OUTSIDER = 'user:default/outsider';

const entities: Entity[] = [
  component('payments-api'),
  component('secret-service'),
  component('injected-service', {
    'go-delivery.dev/metrics-service': 'x"}) or vector(1) or up{a="',
  }),
  component('newline-service', {
    'go-delivery.dev/metrics-service': 'payments-api\n' + 'x',
  }),
  component('bad-rule', { 'prometheus.io/rule': 'up|a|b' }),
  component('bad-instance', { 'prometheus.io/service-name': 'x/../y' }),
  component('Under_Score'),
  component('busy-service', {
    'go-delivery.dev/metrics-service': 'payments-api',
    'prometheus.io/rule':
      'sum by (code) (rate(http_server_request_duration_seconds_count{service="payments-api"}[5m]))|code,' +
      'build_info{service="payments-api"},' +
      'sum by (route) (rate(http_server_request_duration_seconds_count{service="payments-api"}[5m]))|route',
  }),
];

const catalog = catalogServiceMock.mock({
  async getEntityByRef(ref, options) {
    const wanted = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
    const principal = (options as any)?.credentials?.principal;
    if (
      wanted === 'component:default/secret-service' &&
      principal?.userEntityRef === OUTSIDER
    ) {
      return undefined;
    }
    return entities.find(e => stringifyEntityRef(e) === wanted);
  },
});

describe('metrics route', () => {
  let prometheus: RealPrometheus;
  const queries: string[] = [];

  beforeAll(async () => {
    prometheus = await RealPrometheus.start({ history: scenarioHistory() });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  beforeEach(() => {
    queries.length = 0;
    catalog.getEntityByRef.mockClear();
  });

  /** The real client, counting what reaches Prometheus. */
  function counted(): PrometheusClient {
    return countingClient(
      new HttpPrometheusClient({
        name: 'main',
        baseUrl: prometheus.url,
        headers: {},
        timeoutMs: 5000,
      }),
      queries,
    );
  }

  async function startBackend(
    options: {
      hasCanary?: (target: KubernetesTarget | undefined) => Promise<boolean>;
      markers?: DeployMarker[];
    } = {},
  ) {
    const { hasCanary, markers } = options;
    const metrics = new MetricsService({
      prometheus: prometheusReadsOf([counted()]),
      scrapeIntervalSeconds: 15,
      verdict: DEFAULT_VERDICT_SETTINGS,
      deployMarkers: staticMarkers(markers),
      now: () => NOW,
    });
    const plugin = createBackendPlugin({
      pluginId: 'delivery',
      register(env) {
        env.registerInit({
          deps: {
            httpRouter: coreServices.httpRouter,
            httpAuth: coreServices.httpAuth,
            auditor: coreServices.auditor,
            catalog: catalogServiceRef,
          },
          async init({
            httpRouter,
            httpAuth,
            auditor,
            catalog: catalogService,
          }) {
            httpRouter.use(
              metricsRoutes({
                httpAuth,
                auditor,
                catalog: catalogService,
                serviceAccess: new ServiceAccess([]),
                metrics,
                hasCanary,
              }),
            );
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [plugin, catalog.factory],
    });
    return server;
  }

  const path = (name: string, query = '') =>
    `/api/delivery/entities/component/default/${name}/metrics${query}`;

  it('answers with the golden signals, deploys and verdicts, read as the caller', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get(path('payments-api', '?range=4h'))
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .expect(200);
    const body: MetricsView = res.body;
    expect(body.configured).toBe(true);
    expect(body.canarySplit).toBe(false);
    expect(body.signals.map(s => [s.signal, s.unit, s.series.length])).toEqual([
      ['requestRate', 'requests/s', 1],
      ['errorRate', 'ratio', 1],
      ['p95Latency', 'seconds', 1],
    ]);
    expect(body.deploys.map(d => d.verdict.verdict)).toEqual([
      'healthy',
      'regression',
      'healthy',
      'regression',
      'insufficient-data',
    ]);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/payments-api',
      {
        credentials: mockCredentials.user('user:default/alice'),
      },
    );
    // 3 chart queries and 1 for the verdicts of all 4 judged deploys (the youngest is too recent
    // to ask about); it was 3 per judged deploy before the verdicts shared one query.
    expect(queries).toHaveLength(3 + 1);
  });

  it('asks Prometheus at most 6 queries for a week with many deploys and rule queries', async () => {
    const markers = [...weekOfMarkers(), ...scenarioMarkers()];
    const server = await startBackend({ markers });
    const res = await request(server)
      .get(path('busy-service', '?range=7d'))
      .expect(200);
    const body: MetricsView = res.body;
    const judged = body.deploys.filter(
      d => !d.verdict.summary.startsWith('Not judged'),
    );
    const measured = judged.filter(d => d.verdict.before);
    expect(body.deploys.length).toBeGreaterThan(25);
    expect(judged).toHaveLength(20);
    expect(measured).toHaveLength(19);
    expect(body.ruleQueries).toHaveLength(3);
    expect(body.ruleQueries.every(r => r.series.length > 0)).toBe(true);
    // One query each per signal, one for the three rules, one for every verdict; one per rule and
    // three per measured deploy before (3 + 3 + 3 × 19 here).
    expect(queries.length).toBeLessThanOrEqual(6);
    expect(queries).toHaveLength(3 + 1 + 1);
  });

  it('splits canary and stable when the caller’s canary check says so', async () => {
    const server = await startBackend({ hasCanary: async () => true });
    const res = await request(server)
      .get(path('payments-api', '?range=1h'))
      .expect(200);
    expect(res.body.canarySplit).toBe(true);
    expect(res.body.signals[0].series.map((s: any) => s.track)).toEqual([
      'stable',
      'canary',
    ]);
  });

  it('shows one line when the canary check fails', async () => {
    const server = await startBackend({
      hasCanary: async () => {
        throw new Error('cluster unreachable');
      },
    });
    const res = await request(server)
      .get(path('payments-api', '?range=1h'))
      .expect(200);
    expect(res.body.canarySplit).toBe(false);
  });

  it.each([
    ['injected-service', 'go-delivery.dev/metrics-service'],
    ['newline-service', 'go-delivery.dev/metrics-service'],
    ['Under_Score', 'go-delivery.dev/metrics-service'],
    ['bad-rule', 'prometheus.io/rule'],
    ['bad-instance', 'prometheus.io/service-name'],
  ])(
    'answers 400 naming the annotation for %s, asking nothing upstream',
    async (name, annotation) => {
      const server = await startBackend();
      const res = await request(server).get(path(name)).expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(
        `Annotation '${annotation}' is invalid`,
      );
      expect(queries).toEqual([]);
    },
  );

  it.each([
    [
      '?query=up',
      "Unknown query parameter 'query'; only range, step, end are accepted",
    ],
    [
      '?range=1h&expr=sum(up)',
      "Unknown query parameter 'expr'; only range, step, end are accepted",
    ],
    ['?range=1y', "range '1y' is not a duration such as 30m, 6h or 7d"],
    ['?range=30d', 'range must be between 5m and 7d'],
    [
      '?range=1h&range=2h',
      "Query parameter 'range' must be given once, as text",
    ],
    [
      '?range=7d&step=15s',
      'range 7d with step 15s gives more than 720 points; use a larger step',
    ],
    ['?step=1s', 'step must be at least 15s'],
    ['?end=2999-01-01T00:00:00Z', 'end lies in the future'],
  ])('answers 400 to %s, asking nothing upstream', async (query, message) => {
    const server = await startBackend();
    const res = await request(server)
      .get(path('payments-api', query))
      .expect(400);
    expect(res.body.error.message).toBe(message);
    expect(queries).toEqual([]);
  });

  it('answers 401 to an unauthenticated caller and 404 for entities the caller cannot see', async () => {
    const server = await startBackend();
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
