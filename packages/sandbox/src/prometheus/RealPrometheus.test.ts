import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsHistory, ServiceMetricsContract } from './historyModel';
import { writeMetricsHistory } from './metricsHistory';
import { RealPrometheus } from './RealPrometheus';

/** The names of the Go service's metrics contract (the backend's tests pass the real constant). */
const METRICS: ServiceMetricsContract = {
  requestDuration: 'http_server_request_duration_seconds',
  buildInfo: 'build_info',
  labels: {
    route: 'route',
    method: 'method',
    code: 'code',
    version: 'version',
    commit: 'commit',
  },
  serviceLabel: 'service',
};

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;

function history(overrides?: Partial<MetricsHistory>): MetricsHistory {
  return {
    metrics: METRICS,
    from: NOW - 90 * MINUTE,
    to: NOW,
    scrapeIntervalSeconds: 15,
    services: [
      {
        service: 'orders-api',
        baseline: { requestsPerSecond: 12, errorRatio: 0.01, p95Seconds: 0.12 },
        initialRevision: 'aaaaaaa',
        deploys: [
          {
            at: NOW - 60 * MINUTE,
            revision: 'bbbbbbb',
            regression: { errorRatio: 0.1 },
          },
          { at: NOW - 30 * MINUTE, revision: 'ccccccc' },
        ],
        canary: {
          startedAt: NOW - 15 * MINUTE,
          weightPercent: 20,
          revision: 'ddddddd',
          regression: { p95Seconds: 0.4 },
        },
      },
    ],
    ...overrides,
  };
}

async function query(prometheus: RealPrometheus, promql: string, atMs: number) {
  const body = new URLSearchParams({
    query: promql,
    time: String(atMs / 1000),
  });
  const response = await fetch(new URL('api/v1/query', prometheus.url), {
    method: 'POST',
    body,
  });
  const json = await response.json();
  expect(json.status).toBe('success');
  return json.data.result as Array<{
    metric: Record<string, string>;
    value: [number, string];
  }>;
}

describe('writeMetricsHistory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'history-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes OpenMetrics per two-hour block: typed families, seconds, series in time order, # EOF last', () => {
    const written = writeMetricsHistory(history(), join(dir, 'h'));
    expect(written.files.length).toBeGreaterThanOrEqual(1);
    const last = new Map<string, number>();
    let samples = 0;
    for (const file of written.files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      expect(lines[lines.length - 1]).toBe('');
      expect(lines[lines.length - 2]).toBe('# EOF');
      expect(lines.filter(l => l === '# EOF')).toHaveLength(1);
      expect(lines).toContain(
        '# TYPE http_server_request_duration_seconds histogram',
      );
      expect(lines).toContain('# TYPE build_info gauge');
      const block = Number(/history-(\d+)\.om$/.exec(file)![1]);
      for (const line of lines.filter(l => l && !l.startsWith('#'))) {
        const match = /^(\S+\{.*\}) (\S+) (\d+(?:\.\d+)?)$/.exec(line);
        expect(match).not.toBeNull();
        const [, series, , ts] = match!;
        const seconds = Number(ts);
        samples++;
        // Every sample lies in its file's block, so promtool makes exactly one block of it.
        expect(seconds).toBeGreaterThanOrEqual(block);
        expect(seconds).toBeLessThan(block + 7200);
        expect(seconds * 1000).toBeGreaterThanOrEqual(NOW - 90 * MINUTE);
        expect(seconds * 1000).toBeLessThanOrEqual(NOW);
        expect(seconds).toBeGreaterThan(last.get(series) ?? 0);
        last.set(series, seconds);
      }
    }
    expect(samples).toBe(written.samples);
    expect(last.size).toBe(written.series);
    // 4 pod generations × 2 routes × 3 codes × (11 buckets + +Inf + count + sum), 4 build_info series.
    expect(written.series).toBe(4 * 2 * 3 * 14 + 4);
  });

  it('refuses deploys outside the history and impossible profiles', () => {
    const bad = history();
    bad.services[0].deploys![0].at = NOW + MINUTE;
    expect(() => writeMetricsHistory(bad, join(dir, 'x'))).toThrow(
      /inside the history/,
    );
    const worse = history();
    worse.services[0].baseline.errorRatio = 0.99;
    expect(() => writeMetricsHistory(worse, join(dir, 'y'))).toThrow(
      /errorRatio/,
    );
  });
});

describe('RealPrometheus', () => {
  let prometheus: RealPrometheus;

  beforeAll(async () => {
    prometheus = await RealPrometheus.start({ history: history() });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  it('serves the backfilled history on a loopback port', async () => {
    expect(prometheus.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const commits = await query(prometheus, 'build_info', NOW);
    expect(
      commits.map(r => `${r.metric.service}@${r.metric.commit}`).sort(),
    ).toEqual(['orders-api-canary@ddddddd', 'orders-api@ccccccc']);
  });

  it('has the generated rates: traffic split by canary weight, errors per revision', async () => {
    const rate = (selector: string, at: number) =>
      query(
        prometheus,
        `sum(rate(http_server_request_duration_seconds_count{${selector}}[5m]))`,
        at,
      );
    const value = async (selector: string, at: number) =>
      Number((await rate(selector, at))[0].value[1]);

    expect(await value('service="orders-api"', NOW - 70 * MINUTE)).toBeCloseTo(
      12,
      1,
    );
    expect(await value('service="orders-api"', NOW)).toBeCloseTo(12 * 0.8, 1);
    expect(await value('service="orders-api-canary"', NOW)).toBeCloseTo(
      12 * 0.2,
      1,
    );
    const errors = await value(
      'service="orders-api",code="500"',
      NOW - 40 * MINUTE,
    );
    expect(errors / 12).toBeCloseTo(0.1, 2);
  });

  it('has the generated p95 per track', async () => {
    const p95 = async (service: string) =>
      Number(
        (
          await query(
            prometheus,
            `histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="${service}"}[5m])))`,
            NOW,
          )
        )[0].value[1],
      );
    expect(await p95('orders-api')).toBeCloseTo(0.12, 2);
    expect(await p95('orders-api-canary')).toBeCloseTo(0.4, 2);
  });

  it('stops cleanly and frees its port', async () => {
    const other = await RealPrometheus.start({ history: history() });
    await other.stop();
    await expect(fetch(new URL('-/ready', other.url))).rejects.toThrow();
  }, 60_000);
});
