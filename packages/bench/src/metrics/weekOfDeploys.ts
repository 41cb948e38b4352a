import {
  GO_SERVICE_METRICS,
  RuleQuery,
} from '@go-delivery/plugin-delivery-common';
import { HistoryDeploy, MetricsHistory } from '@go-delivery/sandbox';

const HOUR_MS = 3600_000;

/** The service of the metrics views, and the catalog queries its entity carries. */
export const METRICS_SERVICE = 'checkout-api';
export const METRICS_RULES: RuleQuery[] = [
  {
    query: `sum by (code) (rate(http_server_request_duration_seconds_count{service="${METRICS_SERVICE}"}[5m]))`,
    groupBy: 'code',
  },
  {
    query: `sum by (route) (rate(http_server_request_duration_seconds_count{service="${METRICS_SERVICE}"}[5m]))`,
    groupBy: 'route',
  },
];

export interface WeekOfDeploys {
  history: MetricsHistory;
  /** The deploys, oldest first, as the Argo CD history would give them. */
  deploys: Array<{ at: number; revision: string }>;
}

/**
 * A week of a service deployed about every six hours (the gaps vary by up to ±20 minutes), the
 * newest two hours before `now`. Every fifth deploy raises the error ratio and every seventh p95
 * latency, so the verdicts are mixed; the next deploy restores the baseline. The history starts
 * an hour before the week, so a 7-day view has data from its first point.
 */
export function weekOfDeploys(options: {
  now: number;
  scrapeIntervalSeconds: number;
}): WeekOfDeploys {
  const { now } = options;
  const count = 28;
  const deploys = Array.from({ length: count }, (_, k) => {
    const jitterMinutes = ((k * 37) % 41) - 20;
    return {
      at: now - 2 * HOUR_MS - k * 6 * HOUR_MS + jitterMinutes * 60_000,
      revision: `c0ffee${String(count - k).padStart(2, '0')}`,
    };
  }).reverse();
  const withRegressions: HistoryDeploy[] = deploys.map((deploy, i) => ({
    ...deploy,
    ...(i % 5 === 4 ? { regression: { errorRatio: 0.04 } } : {}),
    ...(i % 7 === 6 ? { regression: { p95Seconds: 0.18 } } : {}),
  }));
  return {
    deploys,
    history: {
      metrics: GO_SERVICE_METRICS,
      from: now - 7 * 24 * HOUR_MS - HOUR_MS,
      // Past the end of the run, so the newest points stay filled while it lasts.
      to: now + HOUR_MS,
      scrapeIntervalSeconds: options.scrapeIntervalSeconds,
      services: [
        {
          service: METRICS_SERVICE,
          namespace: 'checkout',
          baseline: {
            requestsPerSecond: 80,
            errorRatio: 0.004,
            p95Seconds: 0.12,
          },
          initialRevision: 'c0ffee00',
          deploys: withRegressions,
        },
      ],
    },
  };
}
