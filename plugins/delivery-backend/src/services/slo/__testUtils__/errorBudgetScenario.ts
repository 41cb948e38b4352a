import { GO_SERVICE_METRICS } from '@go-delivery/plugin-delivery-common';
import {
  latencyDistribution,
  MetricsHistory,
  TrafficProfile,
} from '@go-delivery/sandbox/src/prometheus';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** "Now" of the scenario: the history ends here and the reader is told it is this time. */
export const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;

/** The buckets of the scenario's histogram: few, to keep the backfill small; 300 ms among them. */
export const BUCKETS = [0.1, 0.3, 1];

/** The entity's objectives: 99.5 % available, 99 % faster than 300 ms, over 3 days. */
export const SLO_ANNOTATIONS = {
  'go-delivery.dev/slo-availability': '99.5',
  'go-delivery.dev/slo-latency': '300ms@99',
  'go-delivery.dev/slo-window': '3d',
};
export const WINDOW_DAYS = 3;
export const ALLOWED_ERRORS = 0.005;
export const ALLOWED_SLOW = 0.01;

const healthy: TrafficProfile = {
  requestsPerSecond: 10,
  errorRatio: 0.001,
  p95Seconds: 0.2,
};

/**
 * payments-api in three namespaces, as its Argo CD applications deploy it (the sandbox's
 * fixtures): payments-staging healthy (0.1 % errors); payments (prod) at 2 % errors and a p95 of
 * 350 ms for the whole window (a day before it, it was healthy); payments-dev healthy until a
 * deploy an hour ago that answers 10 % of requests with a 5xx (a fast burn).
 */
export const SCENARIO = {
  dev: {
    namespace: 'payments-dev',
    profile: healthy,
    burn: { at: NOW - 60 * MINUTE, errorRatio: 0.1 },
  },
  staging: { namespace: 'payments-staging', profile: healthy },
  prod: {
    namespace: 'payments',
    profile: { ...healthy, requestsPerSecond: 50 },
    regression: {
      at: NOW - WINDOW_DAYS * DAY - 6 * 60 * MINUTE,
      errorRatio: 0.02,
      p95Seconds: 0.35,
    },
  },
};

export function errorBudgetHistory(): MetricsHistory {
  const { dev, staging, prod } = SCENARIO;
  return {
    metrics: GO_SERVICE_METRICS,
    from: NOW - (WINDOW_DAYS + 1) * DAY,
    to: NOW,
    scrapeIntervalSeconds: 60,
    buckets: BUCKETS,
    routes: [{ route: '/payments', method: 'POST', share: 1 }],
    services: [
      {
        service: 'payments-api',
        namespace: dev.namespace,
        baseline: dev.profile,
        deploys: [
          {
            at: dev.burn.at,
            revision: 'deadbeef',
            regression: { errorRatio: dev.burn.errorRatio },
          },
        ],
      },
      {
        service: 'payments-api',
        namespace: staging.namespace,
        baseline: staging.profile,
      },
      {
        service: 'payments-api',
        namespace: prod.namespace,
        baseline: prod.profile,
        deploys: [
          {
            at: prod.regression.at,
            revision: 'badc0ffe',
            regression: {
              errorRatio: prod.regression.errorRatio,
              p95Seconds: prod.regression.p95Seconds,
            },
          },
        ],
      },
    ],
  };
}

/** The share of requests slower than 300 ms at a p95, as the generator spreads them. */
export function slowShare(p95Seconds: number): number {
  const distribution = latencyDistribution(p95Seconds, BUCKETS);
  return 1 - distribution.cumulative[BUCKETS.indexOf(0.3)];
}
