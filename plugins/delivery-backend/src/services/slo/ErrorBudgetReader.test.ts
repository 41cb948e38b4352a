import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import {
  EnvironmentErrorBudget,
  readDeliveryTargets,
} from '@go-delivery/plugin-delivery-common';
import {
  createArgoCdClients,
  HttpPrometheusClient,
  PrometheusClient,
} from '@go-delivery/plugin-delivery-node';
import {
  ArgoCdInstanceFixtures,
  cloneFixtures,
  FakeArgoCd,
  loadArgoCdFixtures,
} from '@go-delivery/sandbox';
import { RealPrometheus } from '@go-delivery/sandbox/src/prometheus';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { ArgoCdReads } from '../../upstreams/argocd/ArgoCdReads';
import { CachedLoader } from '../../upstreams/cache/CachedLoader';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { component } from '../metrics/__testUtils__/goldenSignalsScenario';
import {
  countingClient,
  prometheusReadsOf,
} from '../metrics/__testUtils__/prometheusReads';
import {
  ALLOWED_ERRORS,
  ALLOWED_SLOW,
  errorBudgetHistory,
  NOW,
  SCENARIO,
  SLO_ANNOTATIONS,
  slowShare,
  WINDOW_DAYS,
} from './__testUtils__/errorBudgetScenario';
import { ErrorBudgetReader } from './ErrorBudgetReader';

const ARGOCD = {
  'argocd/app-selector': 'app.kubernetes.io/part-of=payments-api',
};
const entity = component('payments-api', { ...SLO_ANNOTATIONS, ...ARGOCD });
const DAY_SECONDS = 86_400;

function client(name: string, url: string): PrometheusClient {
  return new HttpPrometheusClient({
    name,
    baseUrl: url,
    headers: {},
    timeoutMs: 5000,
  });
}

function argoCdReads(instances: Array<{ name: string; url: string }>) {
  return new ArgoCdReads({
    instances: new InstanceRegistry(
      'argocd',
      createArgoCdClients({
        instances: instances.map(i => ({
          ...i,
          auth: { type: 'token', token: 't' },
          timeoutMs: 1000,
        })),
        sessionLifetimeMs: 60_000,
      }),
    ),
    loader: new CachedLoader({
      cache: mockServices.cache.mock(),
      ttlMs: 0,
      logger: mockServices.logger.mock(),
    }),
  });
}

function expectWithin(
  actual: number | null,
  expected: number,
  relative: number,
) {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(
    Math.abs(expected) * relative,
  );
}

/**
 * The staging instance's fixtures with payments-api's dev application beside its staging one
 * (deploying to payments-dev), whether or not the sandbox has one.
 */
function withDevApplication(
  fixtures: ArgoCdInstanceFixtures,
): ArgoCdInstanceFixtures {
  const copy = cloneFixtures(fixtures);
  const dev = JSON.parse(
    JSON.stringify(copy.applications['payments-api-staging']),
  );
  dev.metadata.name = 'payments-api-dev';
  dev.metadata.labels.environment = 'dev';
  dev.spec.destination.namespace = SCENARIO.dev.namespace;
  copy.applications['payments-api-dev'] = dev;
  return copy;
}

/** The 5xx share over the window and the last 1 and 6 hours, as generated. */
const EXPECTED = {
  dev: {
    window:
      ((WINDOW_DAYS * 24 - 1) * 0.001 + SCENARIO.dev.burn.errorRatio) /
      (WINDOW_DAYS * 24),
    '1h': SCENARIO.dev.burn.errorRatio,
    '6h': (5 * 0.001 + SCENARIO.dev.burn.errorRatio) / 6,
  },
  staging: { window: 0.001, '1h': 0.001, '6h': 0.001 },
  prod: { window: 0.02, '1h': 0.02, '6h': 0.02 },
};

describe('ErrorBudgetReader against a real Prometheus', () => {
  let prometheus: RealPrometheus;
  let argoProd: FakeArgoCd;
  let argoStaging: FakeArgoCd;
  const queries: string[] = [];

  beforeAll(async () => {
    const fixtures = loadArgoCdFixtures();
    [prometheus, argoProd, argoStaging] = await Promise.all([
      RealPrometheus.start({ history: errorBudgetHistory() }),
      FakeArgoCd.start({
        name: 'prod',
        fixtures: fixtures.prod,
        tokens: ['t'],
      }),
      FakeArgoCd.start({
        name: 'staging',
        fixtures: withDevApplication(fixtures.staging),
        tokens: ['t'],
      }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([
      prometheus?.stop(),
      argoProd?.stop(),
      argoStaging?.stop(),
    ]);
  });

  beforeEach(() => {
    queries.length = 0;
  });

  function reader(prometheusUrl = prometheus.url) {
    return new ErrorBudgetReader({
      prometheus: prometheusReadsOf([
        countingClient(client('main', prometheusUrl), queries),
      ]),
      argocd: argoCdReads([
        { name: 'staging', url: argoStaging.url },
        { name: 'prod', url: argoProd.url },
      ]),
      now: () => NOW,
    });
  }

  function byEnvironment(budgets: EnvironmentErrorBudget[]) {
    return Object.fromEntries(budgets.map(b => [b.environment, b]));
  }

  it('gives one budget per environment in promotion order, with one query', async () => {
    const response = await reader().getErrorBudget(readDeliveryTargets(entity));
    expect(response.failures).toEqual([]);
    expect(response.instance).toBe('main');
    expect(response.slo).toEqual({
      availability: 0.995,
      latency: { thresholdSeconds: 0.3, objective: 0.99 },
      windowDays: 3,
    });
    expect(response.budgets.map(b => [b.environment, b.namespace])).toEqual([
      ['dev', 'payments-dev'],
      ['staging', 'payments-staging'],
      ['prod', 'payments'],
    ]);
    expect(response.budgets.map(b => b.availability.status)).toEqual([
      'burning',
      'healthy',
      'exhausted',
    ]);
    expect(queries).toHaveLength(1);
  });

  it('computes SLI, budget remaining and burn rates from the generated history', async () => {
    const { budgets } = await reader().getErrorBudget(
      readDeliveryTargets(entity),
    );
    const { dev, staging, prod } = byEnvironment(budgets);
    for (const [budget, expected, rps] of [
      [dev, EXPECTED.dev, 10],
      [staging, EXPECTED.staging, 10],
      [prod, EXPECTED.prod, 50],
    ] as const) {
      const { availability } = budget;
      expect(availability.objective).toBe(0.995);
      expectWithin(
        availability.requests,
        rps * WINDOW_DAYS * DAY_SECONDS,
        0.01,
      );
      expectWithin(availability.sli, 1 - expected.window, 0.0005);
      expectWithin(
        availability.budgetRemaining,
        1 - expected.window / ALLOWED_ERRORS,
        0.02,
      );
      // The last hour holds a few dozen errors of a healthy environment: a count off by one.
      expectWithin(
        availability.burnRates['1h'],
        expected['1h'] / ALLOWED_ERRORS,
        0.05,
      );
      expectWithin(
        availability.burnRates['6h'],
        expected['6h'] / ALLOWED_ERRORS,
        0.02,
      );
    }
    // The numbers behind the statuses: dev burns at 20× the last hour with half its budget left;
    // staging spends a fifth of what it may; prod spent four budgets.
    expectWithin(dev.availability.burnRates['1h'], 20, 0.01);
    expectWithin(dev.availability.burnRates['6h'], 3.5, 0.02);
    expectWithin(dev.availability.budgetRemaining, 0.525, 0.02);
    expectWithin(staging.availability.budgetRemaining, 0.8, 0.01);
    expectWithin(prod.availability.budgetRemaining, -3, 0.01);
  });

  it('measures the latency objective at its bucket', async () => {
    const { budgets } = await reader().getErrorBudget(
      readDeliveryTargets(entity),
    );
    const { dev, staging, prod } = byEnvironment(budgets);
    // A p95 of 200 ms puts every request under 300 ms; at 350 ms, 5.4 % are slower.
    for (const budget of [dev, staging]) {
      expect(budget.latency).toMatchObject({
        thresholdSeconds: 0.3,
        objective: 0.99,
        status: 'healthy',
      });
      expectWithin(budget.latency!.budgetRemaining, 1, 0.001);
    }
    const slow = slowShare(SCENARIO.prod.regression.p95Seconds);
    expect(slow).toBeCloseTo(0.0538, 3);
    expect(prod.latency!.status).toBe('exhausted');
    expectWithin(prod.latency!.sli, 1 - slow, 0.001);
    expectWithin(prod.latency!.budgetRemaining, 1 - slow / ALLOWED_SLOW, 0.01);
    expectWithin(prod.latency!.burnRates['1h'], slow / ALLOWED_SLOW, 0.01);
  });

  it('says so when the threshold is no bucket of the histogram, rather than reporting 0', async () => {
    const { budgets, failures } = await reader().getErrorBudget(
      readDeliveryTargets(
        component('payments-api', {
          ...SLO_ANNOTATIONS,
          ...ARGOCD,
          'go-delivery.dev/slo-latency': '250ms@99',
        }),
      ),
    );
    expect(failures).toEqual([
      {
        kind: 'prometheus',
        instance: 'main',
        reason: 'not-found',
        message:
          "Prometheus 'main': http_server_request_duration_seconds of service 'payments-api' has no " +
          'bucket le="0.25"; the threshold of \'go-delivery.dev/slo-latency\' must be one of its ' +
          'bucket boundaries',
      },
    ]);
    for (const budget of budgets) {
      expect(budget.latency).toMatchObject({
        sli: null,
        budgetRemaining: null,
        status: 'no-data',
      });
      expect(budget.availability.status).not.toBe('no-data');
    }
  });

  it('reads one environment for the promotion gate, by environment or by namespace', async () => {
    const targets = readDeliveryTargets(entity);
    const prod = await reader().budgetOf(targets, { environment: 'prod' });
    expect(prod.failure).toBeUndefined();
    expect(prod.budget).toMatchObject({
      environment: 'prod',
      namespace: 'payments',
      availability: { status: 'exhausted' },
    });
    const staging = await reader().budgetOf(targets, {
      namespace: 'payments-staging',
    });
    expect(staging.budget).toMatchObject({
      namespace: 'payments-staging',
      availability: { status: 'healthy' },
    });
    expectWithin(staging.budget!.availability.budgetRemaining, 0.8, 0.01);
    await expect(
      reader().budgetOf(targets, { environment: 'qa' }),
    ).rejects.toThrow(
      new NotFoundError(
        "Entity 'component:default/payments-api' has no Argo CD application in environment 'qa'",
      ),
    );
  });

  it('gives one budget for the whole service without Argo CD applications', async () => {
    const { budgets } = await reader().getErrorBudget(
      readDeliveryTargets(component('payments-api', SLO_ANNOTATIONS)),
    );
    expect(budgets).toHaveLength(1);
    const [whole] = budgets;
    expect(whole.environment).toBeUndefined();
    expect(whole.namespace).toBeUndefined();
    // All three namespaces, weighted by their traffic (10, 10 and 50 requests a second).
    const ratio =
      (10 * EXPECTED.dev.window + 10 * EXPECTED.staging.window + 50 * 0.02) /
      70;
    expectWithin(
      whole.availability.budgetRemaining,
      1 - ratio / ALLOWED_ERRORS,
      0.01,
    );
    expectWithin(
      whole.availability.requests,
      70 * WINDOW_DAYS * DAY_SECONDS,
      0.01,
    );
    expect(whole.availability.status).toBe('exhausted');
  });

  it('answers no-data for a service without traffic', async () => {
    const { budgets } = await reader().getErrorBudget(
      readDeliveryTargets(
        component('quiet-api', {
          ...SLO_ANNOTATIONS,
          'go-delivery.dev/metrics-service': 'quiet-api',
        }),
      ),
    );
    expect(budgets).toEqual([
      {
        availability: {
          objective: 0.995,
          sli: null,
          budgetRemaining: null,
          burnRates: { '1h': null, '6h': null },
          requests: 0,
          status: 'no-data',
        },
        latency: {
          objective: 0.99,
          sli: null,
          budgetRemaining: null,
          burnRates: { '1h': null, '6h': null },
          requests: 0,
          status: 'no-data',
          thresholdSeconds: 0.3,
        },
      },
    ]);
  });

  it('turns a Prometheus that is down into a failure naming it', async () => {
    const closed = createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const downUrl = `http://127.0.0.1:${
      (closed.address() as AddressInfo).port
    }/`;
    await new Promise(resolve => closed.close(resolve));

    const response = await reader(downUrl).getErrorBudget(
      readDeliveryTargets(entity),
    );
    expect(response.budgets).toEqual([]);
    expect(response.failures).toEqual([
      expect.objectContaining({
        kind: 'prometheus',
        instance: 'main',
        reason: 'unreachable',
      }),
    ]);
    expect(response.failures[0].message).toMatch(
      /^Prometheus 'main': unreachable: ECONNREFUSED/,
    );
    const gate = await reader(downUrl).budgetOf(readDeliveryTargets(entity), {
      namespace: 'payments',
    });
    expect(gate.budget).toBeUndefined();
    expect(gate.failure).toMatchObject({
      instance: 'main',
      reason: 'unreachable',
    });
  });

  it('refuses an entity without an objective, naming the annotation to set', async () => {
    await expect(
      reader().getErrorBudget(
        readDeliveryTargets(component('payments-api', ARGOCD)),
      ),
    ).rejects.toThrow(
      new NotFoundError(
        "Entity 'component:default/payments-api' has no service level objective; set the annotation 'go-delivery.dev/slo-availability' (e.g. \"99.9\")",
      ),
    );
    expect(queries).toEqual([]);
  });
});
