import { mkdirSync, readdirSync } from 'node:fs';
import {
  TimeInput,
  TrafficProfile,
  Regression,
  ServiceHistory,
  MetricsHistory,
  DEFAULT_HISTORY_ROUTES,
} from './historyModel';
import { BlockFiles, Family, labels } from './openMetricsBlocks';
import {
  DEFAULT_LATENCY_BUCKETS,
  LatencyDistribution,
  latencyDistribution,
} from './latencyDistribution';

/** One pod generation of one track: a revision running with a traffic profile. */
interface Segment {
  service: string;
  namespace: string;
  pod: string;
  revision: string;
  version: string;
  startMs: number;
  endMs: number;
  profile: TrafficProfile;
  latency: LatencyDistribution;
  /** Requests this generation served from its start until a moment. */
  requestsUntil: (ms: number) => number;
}

export function toMillis(time: TimeInput): number {
  let ms: number;
  if (time instanceof Date) ms = time.getTime();
  else if (typeof time === 'number') ms = time;
  else ms = Date.parse(time);
  if (!Number.isFinite(ms)) throw new Error(`Not a time: ${String(time)}`);
  return ms;
}

function withRegression(
  baseline: TrafficProfile,
  regression?: Regression,
): TrafficProfile {
  return { ...baseline, ...regression };
}

function validateProfile(
  profile: TrafficProfile,
  clientErrorRatio: number,
  where: string,
) {
  if (!(profile.requestsPerSecond > 0))
    throw new Error(`${where}: requestsPerSecond must be > 0`);
  if (
    !(profile.errorRatio >= 0 && profile.errorRatio + clientErrorRatio <= 1)
  ) {
    throw new Error(
      `${where}: errorRatio plus clientErrorRatio must be within [0, 1]`,
    );
  }
}

/** Splits a service's history into pod generations of its stable and canary tracks. */
function segmentsOf(
  history: ServiceHistory,
  fromMs: number,
  toMs: number,
  buckets: readonly number[],
  clientErrorRatio: number,
): Segment[] {
  const namespace = history.namespace ?? 'default';
  const canary = history.canary;
  const canaryStartMs = canary ? toMillis(canary.startedAt) : Infinity;
  const canaryShare = canary ? canary.weightPercent / 100 : 0;
  if (canary && !(canaryShare > 0 && canaryShare < 1)) {
    throw new Error(
      `${history.service}: canary weightPercent must be between 0 and 100`,
    );
  }
  /** Seconds of full traffic the stable track gets between a and b (less once a canary runs). */
  const stableShareSeconds = (aMs: number, bMs: number) => {
    const split = Math.min(Math.max(canaryStartMs, aMs), bMs);
    return (split - aMs + (bMs - split) * (1 - canaryShare)) / 1000;
  };

  const deploys = [...(history.deploys ?? [])]
    .map(d => ({ ...d, atMs: toMillis(d.at) }))
    .sort((a, b) => a.atMs - b.atMs);
  if (deploys.some(d => d.atMs <= fromMs || d.atMs >= toMs)) {
    throw new Error(
      `${history.service}: every deploy must fall inside the history`,
    );
  }

  const generations = [
    {
      startMs: fromMs,
      revision: history.initialRevision ?? '0000000',
      version: 'v0.0.0',
      profile: history.baseline,
    },
    ...deploys.map((d, i) => ({
      startMs: d.atMs,
      revision: d.revision,
      version: d.version ?? `v1.${i}.0`,
      profile: withRegression(history.baseline, d.regression),
    })),
  ];
  const segments: Segment[] = generations.map((g, i) => {
    validateProfile(
      g.profile,
      clientErrorRatio,
      `${history.service}@${g.revision}`,
    );
    return {
      service: history.service,
      namespace,
      pod: podName(history.service, g.revision),
      revision: g.revision,
      version: g.version,
      startMs: g.startMs,
      endMs: i + 1 < generations.length ? generations[i + 1].startMs : toMs,
      profile: g.profile,
      latency: latencyDistribution(g.profile.p95Seconds, buckets),
      requestsUntil: ms =>
        g.profile.requestsPerSecond * stableShareSeconds(g.startMs, ms),
    };
  });

  if (canary) {
    if (!(canaryStartMs > fromMs && canaryStartMs < toMs)) {
      throw new Error(
        `${history.service}: the canary must start inside the history`,
      );
    }
    const profile = withRegression(history.baseline, canary.regression);
    validateProfile(
      profile,
      clientErrorRatio,
      `${history.service}@${canary.revision} (canary)`,
    );
    const service = `${history.service}-canary`;
    segments.push({
      service,
      namespace,
      pod: podName(service, canary.revision),
      revision: canary.revision,
      version: canary.version ?? 'v2.0.0-canary',
      startMs: canaryStartMs,
      endMs: toMs,
      profile,
      latency: latencyDistribution(profile.p95Seconds, buckets),
      requestsUntil: ms =>
        (profile.requestsPerSecond * canaryShare * (ms - canaryStartMs)) / 1000,
    });
  }
  return segments;
}

function podName(service: string, revision: string): string {
  return `${service}-${revision.slice(0, 10).toLowerCase()}`;
}

export interface WrittenHistory {
  /** One OpenMetrics file per two-hour block, in time order. */
  files: string[];
  /** Number of series (label sets) and of samples written. */
  series: number;
  samples: number;
  /** The first and last sample time, in milliseconds. */
  firstSampleMs: number;
  lastSampleMs: number;
}

/**
 * Writes the services' history as OpenMetrics text files (one per two-hour block) for
 * `promtool tsdb create-blocks-from openmetrics`: the request-duration histogram (by route, method
 * and code, per pod generation, counters starting at zero when a deploy starts new pods) and the
 * build_info gauge. Timestamps are in seconds, each series is in time order, and every file ends
 * with `# EOF` as OpenMetrics requires. The directory must be empty or absent.
 */
export function writeMetricsHistory(
  history: MetricsHistory,
  dir: string,
): WrittenHistory {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) throw new Error(`${dir} is not empty`);
  const intervalMs = (history.scrapeIntervalSeconds ?? 15) * 1000;
  if (!(intervalMs >= 1000))
    throw new Error('scrapeIntervalSeconds must be at least 1');
  // Scrapes happen on multiples of the interval, like a real scrape loop's steady rhythm.
  const fromMs = Math.ceil(toMillis(history.from) / intervalMs) * intervalMs;
  const toMs = toMillis(history.to);
  if (toMs - fromMs < 4 * intervalMs)
    throw new Error('The history is too short for rate()');
  const buckets = history.buckets ?? DEFAULT_LATENCY_BUCKETS;
  const routes = history.routes ?? DEFAULT_HISTORY_ROUTES;
  const clientErrorRatio = history.clientErrorRatio ?? 0.02;
  const { metrics } = history;
  const segments = history.services.flatMap(s =>
    segmentsOf(s, fromMs, toMs, buckets, clientErrorRatio),
  );

  const out = new BlockFiles(dir);
  let series = 0;
  let samples = 0;
  let firstSampleMs = Infinity;
  let lastSampleMs = -Infinity;
  const sample = (family: Family, text: string, ms: number) => {
    samples++;
    firstSampleMs = Math.min(firstSampleMs, ms);
    lastSampleMs = Math.max(lastSampleMs, ms);
    out.sample(family, `${text} ${ms / 1000}`, ms);
  };
  const ticksOf = (segment: Segment) => {
    const ticks: number[] = [];
    // A pod generation is scraped once more at its end, so no request is lost at a deploy.
    const first = Math.ceil(segment.startMs / intervalMs) * intervalMs;
    for (let t = first; t <= segment.endMs; t += intervalMs) ticks.push(t);
    return ticks;
  };

  const histogram = metrics.requestDuration;
  const histogramFamily: Family = {
    name: histogram,
    metadata: [
      `# TYPE ${histogram} histogram`,
      `# UNIT ${histogram} seconds`,
      `# HELP ${histogram} Duration of HTTP requests by route, method and status code.`,
    ],
  };
  for (const segment of segments) {
    const ticks = ticksOf(segment);
    const { profile, latency } = segment;
    const codes: Array<[string, number]> = [
      ['200', 1 - profile.errorRatio - clientErrorRatio],
      ['404', clientErrorRatio],
      ['500', profile.errorRatio],
    ];
    for (const route of routes) {
      for (const [code, codeShare] of codes) {
        const base = {
          [metrics.serviceLabel]: segment.service,
          namespace: segment.namespace,
          pod: segment.pod,
          [metrics.labels.route]: route.route,
          [metrics.labels.method]: route.method,
          [metrics.labels.code]: code,
        };
        const bucketLabels = [...buckets.map(String), '+Inf'].map(le =>
          labels({ ...base, le }),
        );
        const baseLabels = labels(base);
        series += bucketLabels.length + 2;
        for (const t of ticks) {
          const requests = segment.requestsUntil(t) * route.share * codeShare;
          const counts = [
            ...latency.cumulative.map(share => Math.round(requests * share)),
            Math.round(requests),
          ];
          // One MetricPoint: its buckets, count and sum at the same time.
          bucketLabels.forEach((set, i) =>
            sample(
              histogramFamily,
              `${histogram}_bucket${set} ${counts[i]}`,
              t,
            ),
          );
          sample(
            histogramFamily,
            `${histogram}_count${baseLabels} ${Math.round(requests)}`,
            t,
          );
          sample(
            histogramFamily,
            `${histogram}_sum${baseLabels} ${(
              requests * latency.meanSeconds
            ).toFixed(6)}`,
            t,
          );
        }
      }
    }
  }

  const gaugeFamily: Family = {
    name: metrics.buildInfo,
    metadata: [
      `# TYPE ${metrics.buildInfo} gauge`,
      `# HELP ${metrics.buildInfo} Version and git commit of the running build.`,
    ],
  };
  for (const segment of segments) {
    series++;
    const set = labels({
      [metrics.serviceLabel]: segment.service,
      namespace: segment.namespace,
      pod: segment.pod,
      [metrics.labels.version]: segment.version,
      [metrics.labels.commit]: segment.revision,
    });
    for (const t of ticksOf(segment)) {
      sample(gaugeFamily, `${metrics.buildInfo}${set} 1`, t);
    }
  }
  return {
    files: out.close(),
    series,
    samples,
    firstSampleMs,
    lastSampleMs,
  };
}
