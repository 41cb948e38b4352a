import { InputError } from '@backstage/errors';
import {
  GoldenSignal,
  GoldenSignalView,
  MetricTrack,
  MetricsView,
  readDeliveryTargets,
} from '@go-delivery/plugin-delivery-common';
import { RealPrometheus } from '@go-delivery/sandbox/src/prometheus';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DEFAULT_VERDICT_SETTINGS } from './deployVerdict';
import { MetricsService } from './MetricsService';
import {
  BASELINE,
  CANARY_WEIGHT,
  component,
  minutesAgo,
  NOW,
  SCENARIO_DEPLOYS,
  scenarioHistory,
  staticMarkers,
} from './__testUtils__/goldenSignalsScenario';
import { prometheusReadsOf } from './__testUtils__/prometheusReads';
import {
  HttpPrometheusClient,
  PrometheusClient,
  UpstreamError,
} from '@go-delivery/plugin-delivery-node';

const entity = component('payments-api', {
  'prometheus.io/rule':
    'sum by (code) (rate(http_server_request_duration_seconds_count{service="payments-api"}[5m]))|code',
});

function client(name: string, url: string, timeoutMs = 5000): PrometheusClient {
  return new HttpPrometheusClient({
    name,
    baseUrl: url,
    headers: {},
    timeoutMs,
  });
}

function service(clients: PrometheusClient[], options?: { markers?: boolean }) {
  return new MetricsService({
    prometheus: prometheusReadsOf(clients),
    scrapeIntervalSeconds: 15,
    verdict: { ...DEFAULT_VERDICT_SETTINGS, windowMinutes: 30 },
    deployMarkers: options?.markers === false ? undefined : staticMarkers(),
    now: () => NOW,
  });
}

/** The value of a signal's series at (or just before) a moment. */
function valueAt(
  view: MetricsView,
  signal: GoldenSignal,
  track: MetricTrack,
  atMs: number,
) {
  const series = view.signals
    .find(s => s.signal === signal)
    ?.series.find(s => s.track === track);
  if (!series) throw new Error(`no ${track} series for ${signal}`);
  const point = [...series.points].reverse().find(p => p.t <= atMs);
  if (!point || point.v === null)
    throw new Error(`no ${signal} value at ${atMs}`);
  return point.v;
}

function expectWithin(actual: number, expected: number, relative: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    Math.abs(expected) * relative,
  );
}

describe('MetricsService against a real Prometheus', () => {
  let prometheus: RealPrometheus;

  beforeAll(async () => {
    prometheus = await RealPrometheus.start({ history: scenarioHistory() });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  async function metrics(
    canarySplit = false,
    params: object = { range: '4h' },
  ) {
    const response = await service([client('main', prometheus.url)]).getMetrics(
      {
        targets: readDeliveryTargets(entity),
        params,
        canarySplit,
      },
    );
    if (!response.configured) throw new Error(response.message);
    return response;
  }

  it('charts the golden signals with the values the history was generated with', async () => {
    const view = await metrics();
    expect(view.instance).toBe('main');
    expect(view.service).toBe('payments-api');
    expect(view.range).toEqual({
      start: new Date(minutesAgo(240)).toISOString(),
      end: new Date(NOW).toISOString(),
      stepSeconds: 60,
    });
    for (const signal of view.signals) {
      expect(signal.failure).toBeUndefined();
      expect(signal.series.map(s => [s.track, s.service])).toEqual([
        ['all', 'payments-api'],
      ]);
      expect(signal.series[0].points.length).toBeGreaterThan(200);
    }
    // Between the clean deploy and the bad one: the baseline.
    expectWithin(
      valueAt(view, 'requestRate', 'all', minutesAgo(180)),
      BASELINE.requestsPerSecond,
      0.02,
    );
    expectWithin(
      valueAt(view, 'errorRate', 'all', minutesAgo(180)),
      BASELINE.errorRatio,
      0.1,
    );
    expectWithin(
      valueAt(view, 'p95Latency', 'all', minutesAgo(180)),
      BASELINE.p95Seconds,
      0.03,
    );
    // After the bad deploy: 8 % errors; after the slow one: p95 of 168 ms.
    expectWithin(
      valueAt(view, 'errorRate', 'all', minutesAgo(140)),
      0.08,
      0.03,
    );
    expectWithin(
      valueAt(view, 'p95Latency', 'all', minutesAgo(60)),
      0.168,
      0.03,
    );
    expectWithin(
      valueAt(view, 'p95Latency', 'all', minutesAgo(100)),
      BASELINE.p95Seconds,
      0.03,
    );
  });

  it('splits stable and canary traffic by the service label when asked to', async () => {
    const split = await metrics(true, { range: '1h' });
    const tracks = (signal: GoldenSignalView) =>
      signal.series.map(s => `${s.track}:${s.service}`);
    for (const signal of split.signals) {
      expect(tracks(signal)).toEqual([
        'stable:payments-api',
        'canary:payments-api-canary',
      ]);
    }
    const rps = BASELINE.requestsPerSecond;
    expectWithin(
      valueAt(split, 'requestRate', 'stable', NOW),
      rps * (1 - CANARY_WEIGHT / 100),
      0.02,
    );
    expectWithin(
      valueAt(split, 'requestRate', 'canary', NOW),
      rps * (CANARY_WEIGHT / 100),
      0.03,
    );
    expectWithin(valueAt(split, 'errorRate', 'canary', NOW), 0.2, 0.05);
    expectWithin(
      valueAt(split, 'errorRate', 'stable', NOW),
      BASELINE.errorRatio,
      0.2,
    );
    expectWithin(valueAt(split, 'p95Latency', 'stable', NOW), 0.168, 0.03);
    expectWithin(
      valueAt(split, 'p95Latency', 'canary', NOW),
      BASELINE.p95Seconds,
      0.03,
    );

    // Without the split only the stable service is selected: never a neighbour's series.
    const single = await metrics(false, { range: '1h' });
    expect(single.signals.map(tracks)).toEqual([
      ['all:payments-api'],
      ['all:payments-api'],
      ['all:payments-api'],
    ]);
  });

  it('puts the deploys in the range on the axis, each with its verdict', async () => {
    const view = await metrics();
    const { clean, errors, fix, slower, canary } = SCENARIO_DEPLOYS;
    expect(
      view.deploys.map(d => [d.revision, d.deployedAt, d.verdict.verdict]),
    ).toEqual([
      [clean.revision, new Date(clean.at).toISOString(), 'healthy'],
      [errors.revision, new Date(errors.at).toISOString(), 'regression'],
      [fix.revision, new Date(fix.at).toISOString(), 'healthy'],
      [slower.revision, new Date(slower.at).toISOString(), 'regression'],
      [canary.revision, new Date(canary.at).toISOString(), 'insufficient-data'],
    ]);
    expect(view.deploys[0]).toMatchObject({
      id: 10,
      application: 'payments-api-prod',
      instance: 'prod',
    });
    expect(view.deployFailures).toEqual([]);
  });

  it('reports the error-rate rise of the bad deploy, with the numbers', async () => {
    const view = await metrics();
    const { verdict } = view.deploys.find(
      d => d.revision === SCENARIO_DEPLOYS.errors.revision,
    )!;
    expect(verdict.windowMinutes).toBe(30);
    expectWithin(verdict.before!.errorRate!, BASELINE.errorRatio, 0.05);
    expectWithin(verdict.after!.errorRate!, 0.08, 0.01);
    expectWithin(verdict.errorRateIncrease!, 0.075, 0.02);
    expectWithin(verdict.before!.requests!, 100 * 1800, 0.01);
    expect(Math.abs(verdict.p95IncreasePercent!)).toBeLessThan(3);
    expect(verdict.summary).toBe(
      'This deploy raised the error rate from 0.50 % to 8.0 % (+7.5 points).',
    );
    expect(verdict.before!.end).toBe(
      new Date(SCENARIO_DEPLOYS.errors.at).toISOString(),
    );
  });

  it('detects and describes the p95 rise of the slow deploy', async () => {
    const view = await metrics();
    const { verdict } = view.deploys.find(
      d => d.revision === SCENARIO_DEPLOYS.slower.revision,
    )!;
    expect(verdict.verdict).toBe('regression');
    expectWithin(verdict.p95IncreasePercent!, 40, 0.03);
    expect(Math.abs(verdict.errorRateIncrease!)).toBeLessThan(0.001);
    expect(verdict.summary).toBe(
      'This deploy raised p95 latency by 40 % (120 ms → 168 ms).',
    );
  });

  it('does not blame the clean deploy or the fix', async () => {
    const view = await metrics();
    const clean = view.deploys.find(
      d => d.revision === SCENARIO_DEPLOYS.clean.revision,
    )!.verdict;
    expect(clean.summary).toBe(
      'No regression within 30 minutes: error rate 0.50 % → 0.50 %, p95 latency 120 ms → 120 ms (0 %).',
    );
    const fix = view.deploys.find(
      d => d.revision === SCENARIO_DEPLOYS.fix.revision,
    )!.verdict;
    expect(fix.verdict).toBe('healthy');
    expectWithin(fix.errorRateIncrease!, -0.075, 0.02);
  });

  it('does not judge a deploy younger than the window', async () => {
    const view = await metrics();
    const { verdict } = view.deploys.find(
      d => d.revision === SCENARIO_DEPLOYS.canary.revision,
    )!;
    expect(verdict.summary).toBe(
      'Too recent to judge: the deploy is 20 minutes old and the verdict compares the 30 minutes after it.',
    );
  });

  it('shortens the windows when deploys are close, and refuses to judge when too close', async () => {
    const at = SCENARIO_DEPLOYS.slower.at;
    const close = staticMarkers([
      {
        deployedAt: new Date(at).toISOString(),
        application: 'a',
        instance: 'prod',
      },
      {
        deployedAt: new Date(at + 12 * 60_000).toISOString(),
        application: 'a',
        instance: 'prod',
      },
      {
        deployedAt: new Date(at + 14 * 60_000).toISOString(),
        application: 'a',
        instance: 'prod',
      },
    ]);
    const view = (await new MetricsService({
      prometheus: prometheusReadsOf([client('main', prometheus.url)]),
      scrapeIntervalSeconds: 15,
      verdict: DEFAULT_VERDICT_SETTINGS,
      deployMarkers: close,
      now: () => NOW,
    }).getMetrics({
      targets: readDeliveryTargets(component('payments-api')),
      params: { range: '4h' },
      canarySplit: false,
    })) as MetricsView;
    expect(view.deploys[0].verdict).toMatchObject({
      verdict: 'regression',
      windowMinutes: 12,
    });
    expect(view.deploys[1].verdict.verdict).toBe('insufficient-data');
    expect(view.deploys[1].verdict.summary).toMatch(
      /within 2 minutes of this one/,
    );
  });

  it('returns the catalog-authored queries grouped by their label', async () => {
    const view = await metrics(false, { range: '1h' });
    expect(view.ruleQueries).toHaveLength(1);
    const [rule] = view.ruleQueries;
    expect(rule.failure).toBeUndefined();
    expect(rule.groupBy).toBe('code');
    expect(rule.series.map(s => s.label).sort()).toEqual(['200', '404', '500']);
    const serverErrors = rule.series.find(s => s.label === '500')!;
    expectWithin(
      serverErrors.points[serverErrors.points.length - 1].v!,
      100 * 0.75 * 0.005,
      0.15,
    );
  });

  it('reports a failing rule query as its own failure, keeping the golden signals', async () => {
    const broken = component('payments-api', {
      'prometheus.io/rule': 'sum(rate(x[5m]',
    });
    const view = (await service([client('main', prometheus.url)]).getMetrics({
      targets: readDeliveryTargets(broken),
      params: {},
      canarySplit: false,
    })) as MetricsView;
    expect(view.ruleQueries[0].failure).toMatchObject({
      kind: 'prometheus',
      instance: 'main',
      status: 400,
    });
    expect(view.ruleQueries[0].failure!.message).toMatch(
      /^Prometheus 'main': HTTP 400: .*parse error/,
    );
    expect(view.signals.every(s => !s.failure && s.series.length === 1)).toBe(
      true,
    );
  });

  it('asks the instance the entity names', async () => {
    const calls: string[] = [];
    const counting = (name: string): PrometheusClient => {
      const real = client(name, prometheus.url);
      return {
        name,
        webUrl: real.webUrl,
        queryRange: q => {
          calls.push(name);
          return real.queryRange(q);
        },
        query: q => real.query(q),
      };
    };
    const named = component('payments-api', {
      'prometheus.io/service-name': 'second',
    });
    const view = (await service([counting('first'), counting('second')], {
      markers: false,
    }).getMetrics({
      targets: readDeliveryTargets(named),
      params: {},
      canarySplit: false,
    })) as MetricsView;
    expect(view.instance).toBe('second');
    expect(new Set(calls)).toEqual(new Set(['second']));
    expect(view.signals[0].graphUrl).toMatch(
      new RegExp(
        `^${prometheus.url}graph\\?g0\\.expr=sum\\+by\\+%28service%29`,
      ),
    );

    await expect(
      service([counting('first')]).getMetrics({
        targets: readDeliveryTargets(
          component('payments-api', {
            'prometheus.io/service-name': 'nowhere',
          }),
        ),
        params: {},
        canarySplit: false,
      }),
    ).rejects.toThrow(
      new InputError(
        "Annotation 'prometheus.io/service-name' names 'nowhere', which is not a configured Prometheus instance (configured: first)",
      ),
    );
  });
});

describe('MetricsService with an instance that is down or slow', () => {
  let slow: Server;
  let slowUrl: string;
  let downUrl: string;

  beforeAll(async () => {
    // Accepts connections and never answers, like an overloaded server.
    slow = createServer(() => undefined);
    await new Promise<void>(resolve => slow.listen(0, '127.0.0.1', resolve));
    slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
    const closed = createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    downUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise(resolve => closed.close(resolve));
  });

  afterAll(async () => {
    slow.closeAllConnections();
    await new Promise(resolve => slow.close(resolve));
  });

  it('returns a typed failure per signal and per verdict when the instance is down', async () => {
    const view = (await service([client('dr', downUrl)]).getMetrics({
      targets: readDeliveryTargets(component('payments-api')),
      params: { range: '4h' },
      canarySplit: false,
    })) as MetricsView;
    expect(view.signals).toHaveLength(3);
    for (const signal of view.signals) {
      expect(signal.series).toEqual([]);
      expect(signal.failure).toMatchObject({
        kind: 'prometheus',
        instance: 'dr',
        reason: 'unreachable',
      });
      expect(signal.failure!.message).toMatch(
        /^Prometheus 'dr': unreachable: ECONNREFUSED/,
      );
    }
    const judged = view.deploys.filter(d => d.verdict.failure);
    expect(judged.length).toBe(4);
    for (const deploy of judged) {
      expect(deploy.verdict).toMatchObject({
        verdict: 'insufficient-data',
        summary:
          "Prometheus 'dr' could not be asked for the windows around this deploy.",
        failure: { instance: 'dr', reason: 'unreachable' },
      });
    }
  });

  it('gives up on a slow instance after its timeout', async () => {
    const started = Date.now();
    const view = (await service([client('slow', slowUrl, 300)], {
      markers: false,
    }).getMetrics({
      targets: readDeliveryTargets(component('payments-api')),
      params: {},
      canarySplit: true,
    })) as MetricsView;
    expect(Date.now() - started).toBeLessThan(2000);
    for (const signal of view.signals) {
      expect(signal.failure).toMatchObject({
        kind: 'prometheus',
        instance: 'slow',
        reason: 'timeout',
        message: "Prometheus 'slow': no answer within 300 ms",
      });
    }
  });

  it('passes on the failures of the deploy history', async () => {
    const failing = new MetricsService({
      prometheus: prometheusReadsOf([client('dr', downUrl)]),
      scrapeIntervalSeconds: 15,
      verdict: DEFAULT_VERDICT_SETTINGS,
      deployMarkers: {
        getDeployMarkers: async () => {
          throw new UpstreamError({
            kind: 'argocd',
            instance: 'prod',
            reason: 'timeout',
            detail: 'no answer within 5000 ms',
          });
        },
      },
      now: () => NOW,
    });
    const view = (await failing.getMetrics({
      targets: readDeliveryTargets(component('payments-api')),
      params: {},
      canarySplit: false,
    })) as MetricsView;
    expect(view.deploys).toEqual([]);
    expect(view.deployFailures).toEqual([
      {
        kind: 'argocd',
        instance: 'prod',
        reason: 'timeout',
        message: "Argo CD 'prod': no answer within 5000 ms",
      },
    ]);
  });

  it('says so when no instance is configured', async () => {
    await expect(
      service([]).getMetrics({
        targets: readDeliveryTargets(component('payments-api')),
        params: {},
        canarySplit: false,
      }),
    ).resolves.toEqual({
      configured: false,
      message:
        'No Prometheus instance is configured (delivery.prometheus.instances).',
    });
  });
});
