import { num } from '../format';
import { mean, median, percentile } from '../stats';
import {
  METRICS_RANGES,
  MetricsBenchResult,
  MetricsSubject,
  MetricsViewSample,
} from './measureMetricsViews';

/**
 * What the query plan before the batched verdicts asked for the same view: the three signals, one
 * range query per rule, three range queries per measured deploy.
 */
export function perDeployPlanQueries(view: {
  rules: number;
  measured: number;
}): number {
  return 3 + view.rules + 3 * view.measured;
}

/** The metrics views as a markdown section: setup, one row per range and backend. */
export function renderMetricsSection(result: MetricsBenchResult): string[] {
  const lines = [
    '## Golden-signals view: Prometheus queries per view',
    '',
    `- A real Prometheus (Debian's 2.42, \`RealPrometheus\` of the sandbox) holding a week and an hour of one service's metrics at a ${
      result.scrapeIntervalSeconds
    } s scrape interval (${num(
      result.historySamples / 1e6,
      2,
    )} M samples, backfilled with promtool in ${num(
      result.backfillMs / 1000,
      0,
    )} s): ${
      result.historyDeploys
    } deploys about six hours apart, the newest two hours ago, some raising the error ratio or p95 latency. The same deploys are the history of the entity's Argo CD application (a fake Argo CD without added latency).`,
    '- Our backend in its own Backstage backend process (`createBackend`, `NODE_ENV=production`) with `delivery.cache.ttlSeconds: 0`, so every view asks Prometheus; the entity names its Argo CD instance and carries two `prometheus.io/rule` queries. One view is `GET …/metrics?range=<3h|24h|7d>`, timed at the client; views run one at a time, the ranges in turn, after one unmeasured view per range.',
    ...(result.baselineDir
      ? [
          `- Baseline: the same views answered by another version of the backend package, loaded from \`${result.baselineDir}\` into a second process configured alike; each view is asked of both backends in turn, in alternating order.`,
        ]
      : []),
    "- Queries: what Prometheus's own `prometheus_http_requests_total` counted for `/api/v1/query_range` and `/api/v1/query` during the view (answered with 200); Prometheus CPU ms: what `process_cpu_seconds_total` grew by during the view (10 ms resolution; median over the views), the cost of the view to Prometheus. Median and p95 ms: the whole view at the client. Measured deploys: those whose windows were asked about (the newest 20 of a range are judged; one younger than its window is not measured). Per-deploy plan: what the backend asked before verdicts and rule queries were batched, 3 + one per rule + 3 per measured deploy.",
    `- Samples: ${result.repeats} views per range; CPU check ${num(
      result.cpuCheckMs,
      0,
    )} ms before the views.`,
    '',
    '| View | Backend | Deploys on the axis | Measured deploys | Range queries | Instant queries | **Queries** | Per-deploy plan | Prometheus CPU ms | Median ms | p95 ms | n |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  const subjects: Array<[MetricsSubject, string]> = [
    ['current', 'this repository'],
    ['baseline', `baseline (\`${result.baselineDir}\`)`],
  ];
  for (const range of METRICS_RANGES) {
    for (const [subject, label] of subjects) {
      lines.push(...row({ result, range, subject, label }));
    }
  }
  lines.push('');
  if (result.verdicts.length > 0) {
    lines.push(
      `Verdicts compared with the baseline's (one view per range; deploy, verdict, summary, window and both windows' numbers within a relative 1e-9): ${result.verdicts
        .map(
          v =>
            `${v.range} ${v.deploys} deploy${v.deploys === 1 ? '' : 's'}, ${
              v.differences
            } judged otherwise`,
        )
        .join('; ')}.`,
      '',
    );
  }
  return lines;
}

/** One backend's views of one range: the mean counts, the median and p95 time. */
function row(options: {
  result: MetricsBenchResult;
  range: string;
  subject: MetricsSubject;
  label: string;
}): string[] {
  const { range, label } = options;
  const own = options.result.samples.filter(
    s => s.range === range && s.subject === options.subject,
  );
  if (own.length === 0) return [];
  const averageOf = (figure: (s: MetricsViewSample) => number) =>
    num(mean(own.map(figure)));
  const times = own.map(s => s.ms);
  return [
    `| ${range} | ${label} | ${averageOf(s => s.deploys)} | ${averageOf(
      s => s.measured,
    )} | ${averageOf(s => s.queries.range)} | ${averageOf(
      s => s.queries.instant,
    )} | **${averageOf(
      s => s.queries.range + s.queries.instant,
    )}** | ${averageOf(perDeployPlanQueries)} | ${num(
      median(own.map(s => s.prometheusCpuMs)),
    )} | ${num(median(times))} | ${num(percentile(times, 95))} | ${
      own.length
    } |`,
  ];
}
