import { DeployVerdict } from '@go-delivery/plugin-delivery-common';
import {
  HttpPrometheusClient,
  PrometheusClient,
} from '@go-delivery/plugin-delivery-node';
import { RealPrometheus } from '@go-delivery/sandbox/src/prometheus';
import { DeployMarker } from './DeployMarkerSource';
import { DEFAULT_VERDICT_SETTINGS, judgeDeploy } from './deployVerdict';
import { DeployVerdicts } from './DeployVerdicts';
import { planDeployWindows } from './deployWindows';
import { MetricsRange } from './metricsRange';
import {
  minutesAgo,
  NOW,
  scenarioHistory,
  scenarioMarkers,
} from './__testUtils__/goldenSignalsScenario';
import { measurePerDeploy } from './__testUtils__/perDeployVerdicts';
import {
  countingClient,
  prometheusReadsOf,
} from './__testUtils__/prometheusReads';

const HOUR = 3600;
const settings = DEFAULT_VERDICT_SETTINGS;
const nowSeconds = NOW / 1000;

function rangeOf(seconds: number): MetricsRange {
  return { start: nowSeconds - seconds, end: nowSeconds, step: 60 };
}

function marker(atMs: number, application = 'payments-api-prod'): DeployMarker {
  return {
    deployedAt: new Date(atMs).toISOString(),
    application,
    instance: 'prod',
  };
}

/** Equal within float noise (relative), null and undefined alike. */
function expectClose(actual?: number | null, expected?: number | null) {
  if (expected === null || expected === undefined) {
    expect(actual ?? null).toBeNull();
    return;
  }
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(
    Math.abs(expected) * 1e-9 + 1e-12,
  );
}

function expectSameVerdict(actual: DeployVerdict, expected: DeployVerdict) {
  const numbers = (v: DeployVerdict) => ({
    verdict: v.verdict,
    summary: v.summary,
    windowMinutes: v.windowMinutes,
    thresholds: v.thresholds,
    failure: v.failure,
    windows: [v.before, v.after].map(w => w && [w.start, w.end, w.requests]),
  });
  expect(numbers(actual)).toEqual(numbers(expected));
  for (const side of ['before', 'after'] as const) {
    expectClose(actual[side]?.errorRate, expected[side]?.errorRate);
    expectClose(actual[side]?.p95Seconds, expected[side]?.p95Seconds);
  }
  expectClose(actual.errorRateIncrease, expected.errorRateIncrease);
  expectClose(actual.p95IncreasePercent, expected.p95IncreasePercent);
}

describe('DeployVerdicts against a real Prometheus', () => {
  let prometheus: RealPrometheus;
  let real: PrometheusClient;
  const queries: string[] = [];

  beforeAll(async () => {
    prometheus = await RealPrometheus.start({ history: scenarioHistory() });
    real = new HttpPrometheusClient({
      name: 'main',
      baseUrl: prometheus.url,
      headers: {},
      timeoutMs: 10_000,
    });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  beforeEach(() => {
    queries.length = 0;
  });

  /**
   * The verdicts through the one batched query, and through one range query per number and deploy
   * (how they were measured before), on the same windows.
   */
  async function bothWays(options: {
    markers: DeployMarker[];
    range: MetricsRange;
    includeCanary?: boolean;
  }) {
    const selection = {
      service: 'payments-api',
      includeCanary: options.includeCanary ?? false,
      perTrack: false,
    };
    const client = countingClient(real, queries);
    const batched = await new DeployVerdicts({
      prometheus: prometheusReadsOf([client]),
      settings,
      scrapeIntervalSeconds: 15,
    }).judge({ ...options, client, selection, nowSeconds });
    const batchedQueries = queries.splice(0);

    const planned = planDeployWindows({
      ...options,
      nowSeconds,
      settings,
      scrapeIntervalSeconds: 15,
    });
    const perDeploy = await Promise.all(
      planned.map(async deploy =>
        'verdict' in deploy
          ? deploy.verdict
          : judgeDeploy({
              ...(await measurePerDeploy({ client, selection, deploy })),
              settings,
            }),
      ),
    );
    const perDeployQueries = queries.splice(0);

    expect(batched.map(d => d.deployedAt)).toEqual(
      planned.map(d => new Date(d.at * 1000).toISOString()),
    );
    batched.forEach((deploy, i) =>
      expectSameVerdict(deploy.verdict, perDeploy[i]),
    );
    return {
      verdicts: batched.map(d => d.verdict),
      batchedQueries,
      perDeployQueries,
    };
  }

  it('gives the scenario’s deploys the verdicts per-deploy queries give, in one query', async () => {
    const { verdicts, batchedQueries, perDeployQueries } = await bothWays({
      markers: scenarioMarkers(),
      range: rangeOf(4 * HOUR),
    });
    expect(verdicts.map(v => v.verdict)).toEqual([
      'healthy',
      'regression',
      'healthy',
      'regression',
      'insufficient-data',
    ]);
    expect(batchedQueries).toHaveLength(1);
    expect(perDeployQueries).toHaveLength(3 * 4);
  });

  it('agrees with canary traffic included', async () => {
    const { verdicts } = await bothWays({
      markers: scenarioMarkers(),
      range: rangeOf(4 * HOUR),
      includeCanary: true,
    });
    expect(verdicts.filter(v => v.verdict === 'regression')).toHaveLength(2);
  });

  it('agrees on windows shortened by close neighbours, with many deploys judged', async () => {
    // A deploy every 13 minutes over the scenario's last three hours, around its real deploys.
    const close = Array.from({ length: 14 }, (_, i) =>
      marker(minutesAgo(190 - 13 * i)),
    );
    const { verdicts, batchedQueries, perDeployQueries } = await bothWays({
      markers: [...close, marker(minutesAgo(100), 'other-app')],
      range: rangeOf(4 * HOUR),
    });
    expect(verdicts.filter(v => v.windowMinutes === 13).length).toBeGreaterThan(
      10,
    );
    expect(verdicts.some(v => v.verdict === 'regression')).toBe(true);
    expect(verdicts.some(v => v.verdict === 'healthy')).toBe(true);
    expect(batchedQueries).toHaveLength(1);
    expect(perDeployQueries.length).toBeGreaterThan(30);
  });

  it('agrees when only the newest 20 of a week of deploys are judged', async () => {
    // Every 6 hours for a week (mostly before the history, so no traffic), then the scenario's.
    const weekly = Array.from({ length: 28 }, (_, i) =>
      marker(NOW - (7 * 24 - 6 * i) * HOUR * 1000 + 3 * 60_000),
    ).filter(m => Date.parse(m.deployedAt) < minutesAgo(260));
    const { verdicts, batchedQueries } = await bothWays({
      markers: [...weekly, ...scenarioMarkers()],
      range: rangeOf(7 * 24 * HOUR),
    });
    expect(verdicts.length).toBeGreaterThan(25);
    expect(
      verdicts.filter(v => v.summary.startsWith('Not judged')).length,
    ).toBe(verdicts.length - 20);
    expect(batchedQueries).toHaveLength(1);
  });

  it('asks nothing when no deploy has windows to measure', async () => {
    const { verdicts, batchedQueries } = await bothWays({
      markers: [marker(minutesAgo(10))],
      range: rangeOf(HOUR),
    });
    expect(verdicts[0].summary).toMatch(/^Too recent to judge/);
    expect(batchedQueries).toEqual([]);
  });
});
