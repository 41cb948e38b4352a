import {
  METRICS_SERVICE_ANNOTATION,
  MetricsResponse,
  MetricsView,
  PROMETHEUS_RULE_ANNOTATION,
} from '@go-delivery/plugin-delivery-common';
import { performance } from 'node:perf_hooks';
import { BackendProcess } from '../backends/BackendProcess';
import { BenchEntity } from '../backends/entities';
import { cpuCheckMs } from '../cpuCheck';
import { getJson } from '../views';
import { countVerdictDifferences } from './compareVerdicts';
import {
  METRICS_APP,
  METRICS_ARGOCD_INSTANCE,
  MetricsUpstreams,
} from './MetricsUpstreams';
import { METRICS_RULES, METRICS_SERVICE } from './weekOfDeploys';

/** The ranges a person picks on the golden-signals card. */
export const METRICS_RANGES = ['3h', '24h', '7d'] as const;
export type MetricsRangeName = (typeof METRICS_RANGES)[number];

/** Which backend answered: this repository's, or the version given as a baseline. */
export type MetricsSubject = 'current' | 'baseline';

/** One golden-signals view and what it cost Prometheus. */
export interface MetricsViewSample {
  subject: MetricsSubject;
  range: MetricsRangeName;
  ms: number;
  /** Queries Prometheus answered during the view, by API endpoint. */
  queries: { range: number; instant: number };
  /** CPU time the Prometheus process used meanwhile. */
  prometheusCpuMs: number;
  /** Deploys on the view's axis. */
  deploys: number;
  /** Deploys whose windows were measured (neither too recent, too close nor beyond the newest 20). */
  measured: number;
  rules: number;
}

export interface MetricsBenchResult {
  samples: MetricsViewSample[];
  repeats: number;
  /** The package directory the baseline backend was loaded from, if one was measured. */
  baselineDir?: string;
  /** Per range, the deploys of one view each and how many the baseline judged otherwise. */
  verdicts: Array<{
    range: MetricsRangeName;
    deploys: number;
    differences: number;
  }>;
  /** Deploys in the week of history, and the samples Prometheus holds. */
  historyDeploys: number;
  historySamples: number;
  scrapeIntervalSeconds: number;
  backfillMs: number;
  /** {@link cpuCheckMs} right before the views. */
  cpuCheckMs: number;
}

const ENTITY: BenchEntity = {
  name: 'checkout-api',
  app: { name: METRICS_APP, instance: METRICS_ARGOCD_INSTANCE },
  variant: 'name+instance',
  annotations: {
    [METRICS_SERVICE_ANNOTATION]: METRICS_SERVICE,
    [PROMETHEUS_RULE_ANNOTATION]: METRICS_RULES.map(rule =>
      [rule.query, rule.groupBy].filter(Boolean).join('|'),
    ).join(','),
  },
};

/** The view as the card asks it; a view with any failure is an error of the benchmark. */
async function metricsView(
  baseUrl: string,
  range: MetricsRangeName,
): Promise<MetricsView> {
  const response = await getJson<MetricsResponse>(
    baseUrl,
    `/api/delivery/entities/component/default/${ENTITY.name}/metrics?range=${range}`,
  );
  if (!response.configured) {
    throw new Error(`Metrics not configured: ${response.message}`);
  }
  const failures = [
    ...response.signals.map(s => s.failure),
    ...response.ruleQueries.map(r => r.failure),
    ...response.deploys.map(d => d.verdict.failure),
    ...response.deployFailures,
  ].filter(Boolean);
  if (failures.length > 0 || response.ruleQueries.length !== 2) {
    throw new Error(
      `Unexpected metrics answer for ${range}: ${JSON.stringify(
        failures[0] ?? response.ruleQueries,
      ).slice(0, 300)}`,
    );
  }
  return response;
}

/**
 * The golden-signals view of an entity deployed about every six hours for a week, over 3 hours,
 * 24 hours and 7 days: our backend in its own process with its cache switched off (so every view
 * asks Prometheus), a real Prometheus with the week backfilled, and the deploy history from a fake
 * Argo CD. Each view is counted by Prometheus's own request counter and timed at the client; views
 * run one at a time, the ranges in turn. With a baseline (another version of the backend package,
 * e.g. an older commit's), a second backend process answers the same views, interleaved.
 */
export async function measureMetricsViews(options: {
  repeats: number;
  baselineDir?: string;
  workDir: string;
  log: (line: string) => void;
}): Promise<MetricsBenchResult> {
  const { repeats, baselineDir, log } = options;
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  log('[metrics] backfilling a week of metrics into Prometheus');
  const upstreams = await MetricsUpstreams.start({ now });
  const backends: Array<{ subject: MetricsSubject; backend: BackendProcess }> =
    [];
  try {
    const subjects: Array<[MetricsSubject, string | undefined]> = [
      ['current', undefined],
      ...(baselineDir
        ? [['baseline', baselineDir] as [MetricsSubject, string]]
        : []),
    ];
    for (const [subject, pluginDir] of subjects) {
      const backend = await BackendProcess.start({
        label: `metrics-${subject}`,
        workDir: options.workDir,
        config: {
          kind: 'delivery',
          mode: 'token',
          instances: [
            { name: METRICS_ARGOCD_INSTANCE, url: upstreams.argocd.url },
          ],
          cacheTtlSeconds: 0,
          prometheus: {
            url: upstreams.prometheus.url,
            scrapeIntervalSeconds: upstreams.scrapeIntervalSeconds,
          },
        },
        entities: [ENTITY],
        pluginDir,
      });
      backends.push({ subject, backend });
    }
    // One view per backend and range first, so that neither JIT warm-up nor Prometheus's first
    // reads count; with a baseline, its verdicts are compared with ours.
    const verdicts: MetricsBenchResult['verdicts'] = [];
    for (const range of METRICS_RANGES) {
      const [ours, theirs] = await Promise.all(
        backends.map(({ backend }) => metricsView(backend.baseUrl, range)),
      );
      if (theirs) {
        verdicts.push({
          range,
          deploys: ours.deploys.length,
          differences: countVerdictDifferences(ours.deploys, theirs.deploys),
        });
      }
    }
    const cpu = cpuCheckMs();
    const samples: MetricsViewSample[] = [];
    for (let round = 0; round < repeats; round++) {
      log(`[metrics] round ${round + 1}/${repeats}`);
      for (let i = 0; i < METRICS_RANGES.length; i++) {
        const range = METRICS_RANGES[(i + round) % METRICS_RANGES.length];
        // Alternate which backend goes first, so neither always follows the other.
        const order = round % 2 === 0 ? backends : [...backends].reverse();
        for (const { subject, backend } of order) {
          samples.push({
            subject,
            range,
            ...(await measureView(upstreams, backend, range)),
          });
        }
      }
    }
    return {
      samples,
      repeats,
      baselineDir,
      verdicts,
      historyDeploys: upstreams.deploys,
      historySamples: upstreams.prometheus.written.samples,
      scrapeIntervalSeconds: upstreams.scrapeIntervalSeconds,
      backfillMs: upstreams.backfillMs,
      cpuCheckMs: cpu,
    };
  } finally {
    await Promise.all(backends.map(b => b.backend.stop()));
    await upstreams.stop();
  }
}

/** One view, timed at the client and counted by Prometheus. */
async function measureView(
  upstreams: MetricsUpstreams,
  backend: BackendProcess,
  range: MetricsRangeName,
): Promise<Omit<MetricsViewSample, 'subject' | 'range'>> {
  const before = await upstreams.work();
  const started = performance.now();
  const view = await metricsView(backend.baseUrl, range);
  const ms = performance.now() - started;
  const after = await upstreams.work();
  return {
    ms,
    queries: {
      range: after.range - before.range,
      instant: after.instant - before.instant,
    },
    prometheusCpuMs: (after.cpuSeconds - before.cpuSeconds) * 1000,
    deploys: view.deploys.length,
    measured: view.deploys.filter(d => d.verdict.before).length,
    rules: view.ruleQueries.length,
  };
}
