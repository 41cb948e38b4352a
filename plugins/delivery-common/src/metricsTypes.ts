import { UpstreamFailure } from './upstreamFailure';

/** The golden signals the Delivery tab charts for every Go service. @public */
export type GoldenSignal = 'requestRate' | 'errorRate' | 'p95Latency';

/** Units of the golden signals: requests per second, a 0–1 share of requests, seconds. @public */
export type MetricUnit = 'requests/s' | 'ratio' | 'seconds';

/**
 * Which traffic a series covers. `all` when the service runs one track; `stable` and `canary` when
 * a canary is in progress (the `service` label `<name>` vs `<name>-canary`).
 *
 * @public
 */
export type MetricTrack = 'all' | 'stable' | 'canary';

/** One point of a series: `t` in milliseconds since the epoch; `v` null where there was no data. @public */
export interface MetricPoint {
  t: number;
  v: number | null;
}

/** One line of a golden-signal chart. @public */
export interface GoldenSignalSeries {
  track: MetricTrack;
  /** The value of the `service` label the series was read from. */
  service: string;
  points: MetricPoint[];
}

/** One golden-signal chart. @public */
export interface GoldenSignalView {
  signal: GoldenSignal;
  unit: MetricUnit;
  /** The PromQL the backend built, shown for transparency. */
  query: string;
  /** A link to the query in the Prometheus web UI, when the instance has a `webUrl`. */
  graphUrl?: string;
  /** Empty when the service had no traffic in the range. */
  series: GoldenSignalSeries[];
  /** Set when this query failed; the other signals are still returned. */
  failure?: UpstreamFailure;
}

/** One series of a catalog-authored query, keyed by its grouping label's value. @public */
export interface RuleQuerySeries {
  label: string;
  labels: Record<string, string>;
  points: MetricPoint[];
}

/** A query from the entity's `prometheus.io/rule` annotation. @public */
export interface RuleQueryView {
  query: string;
  /** The label the series are grouped by; the first label of each series when absent. */
  groupBy?: string;
  graphUrl?: string;
  series: RuleQuerySeries[];
  /** True when more series came back than the backend returns. */
  truncated: boolean;
  failure?: UpstreamFailure;
}

/** Error rate, p95 latency and traffic over one comparison window. @public */
export interface VerdictWindowStats {
  /** Start and end in ISO 8601. */
  start: string;
  end: string;
  /** Requests served in the window (an estimate from the counters). */
  requests: number | null;
  /** Share of requests answered with a 5xx status, 0–1. */
  errorRate: number | null;
  p95Seconds: number | null;
}

/** What a deploy did to the service. @public */
export type DeployVerdictKind = 'regression' | 'healthy' | 'insufficient-data';

/** The comparison of a window before a deploy with a window after it. @public */
export interface DeployVerdict {
  verdict: DeployVerdictKind;
  /** A sentence for people, e.g. "This deploy raised p95 latency by 40 % (120 ms → 168 ms)." */
  summary: string;
  /** Length of each window; shorter than configured when another deploy was close. */
  windowMinutes: number;
  before?: VerdictWindowStats;
  after?: VerdictWindowStats;
  /** After minus before, as a share of requests (0.05 = 5 percentage points). */
  errorRateIncrease?: number;
  /** Relative change of p95 latency in percent (40 = 40 % slower). */
  p95IncreasePercent?: number;
  /** The thresholds the numbers were compared with. */
  thresholds: { maxErrorRateIncrease: number; maxP95IncreasePercent: number };
  /** Set when Prometheus could not be asked. */
  failure?: UpstreamFailure;
}

/** A deploy on the chart's time axis, with its verdict. @public */
export interface DeployMarkerView {
  /** ISO 8601. */
  deployedAt: string;
  revision?: string;
  /** The Argo CD history id (what a rollback to this deploy names). */
  id?: number;
  application: string;
  /** The Argo CD instance that made the deploy. */
  instance: string;
  verdict: DeployVerdict;
}

/** The metrics of one entity over one time range. @public */
export interface MetricsView {
  configured: true;
  /** The Prometheus instance that was asked. */
  instance: string;
  /** The value of the `service` label the queries select. */
  service: string;
  /** Whether stable and canary traffic are shown apart. */
  canarySplit: boolean;
  range: { start: string; end: string; stepSeconds: number };
  signals: GoldenSignalView[];
  ruleQueries: RuleQueryView[];
  /** Oldest first; only deploys within the range. */
  deploys: DeployMarkerView[];
  /** Failures of the deploy-history sources (Argo CD instances). */
  deployFailures: UpstreamFailure[];
}

/** The answer of the metrics route: the metrics, or why there are none. @public */
export type MetricsResponse =
  | MetricsView
  | {
      configured: false;
      /** Why, for people: e.g. no Prometheus instance is configured. */
      message: string;
    };
