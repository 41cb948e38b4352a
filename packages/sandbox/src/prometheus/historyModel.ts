/*
 * The shape of a service's metrics history: the contract of its metric names, its traffic, its
 * deploys and a canary. `writeMetricsHistory` turns one into OpenMetrics files.
 */

/**
 * The metric and label names the generated Go service exports. Structurally the same as
 * `GO_SERVICE_METRICS` of `@go-delivery/plugin-delivery-common`, which callers pass in, so the
 * history always matches the contract the backend queries.
 */
export interface ServiceMetricsContract {
  requestDuration: string;
  buildInfo: string;
  labels: {
    route: string;
    method: string;
    code: string;
    version: string;
    commit: string;
  };
  serviceLabel: string;
}

/** A moment: a Date, milliseconds since the epoch, or an ISO 8601 string. */
export type TimeInput = Date | number | string;

/** How a service's traffic behaves while one revision runs. */
export interface TrafficProfile {
  requestsPerSecond: number;
  /** Share of requests answered with a 5xx status, 0–1. */
  errorRatio: number;
  /** 95th percentile of request latency, in seconds. */
  p95Seconds: number;
}

/** What a bad revision does: its error ratio and/or p95 latency (absolute values, not deltas). */
export type Regression = Partial<
  Pick<TrafficProfile, 'errorRatio' | 'p95Seconds'>
>;

/** A deploy of a new revision to the stable track. */
export interface HistoryDeploy {
  at: TimeInput;
  /** The git commit (or other revision) the deploy rolled out; the `commit` label of build_info. */
  revision: string;
  version?: string;
  /** Set for a deploy that made things worse; without it the service returns to its baseline. */
  regression?: Regression;
}

/** A canary running until the end of the history, next to the stable track. */
export interface CanaryInProgress {
  startedAt: TimeInput;
  /** Share of traffic the canary receives, 0–100. */
  weightPercent: number;
  revision: string;
  version?: string;
  regression?: Regression;
}

export interface ServiceHistory {
  /** The `service` label of the stable track; the canary track is `<service>-canary`. */
  service: string;
  namespace?: string;
  baseline: TrafficProfile;
  /** The revision running before the first deploy. */
  initialRevision?: string;
  deploys?: HistoryDeploy[];
  canary?: CanaryInProgress;
}

export interface HistoryRoute {
  route: string;
  method: string;
  /** Share of the service's requests, 0–1; the shares of all routes add up to 1. */
  share: number;
}

export interface MetricsHistory {
  metrics: ServiceMetricsContract;
  services: ServiceHistory[];
  /** Start and end of the history; the end may be in the future to keep a sandbox "live". */
  from: TimeInput;
  to: TimeInput;
  /** @default 15 */
  scrapeIntervalSeconds?: number;
  /** Histogram bucket bounds in seconds. @default DEFAULT_LATENCY_BUCKETS */
  buckets?: readonly number[];
  /** Share of requests answered with a 4xx status (not errors of the service). @default 0.02 */
  clientErrorRatio?: number;
  routes?: HistoryRoute[];
}

export const DEFAULT_HISTORY_ROUTES: readonly HistoryRoute[] = [
  { route: '/orders/{id}', method: 'GET', share: 0.7 },
  { route: '/orders', method: 'POST', share: 0.3 },
];
