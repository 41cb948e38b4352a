export { RealPrometheus } from './RealPrometheus';
export type { RealPrometheusOptions } from './RealPrometheus';
export {
  DEFAULT_HISTORY_ROUTES,
  toMillis,
  writeMetricsHistory,
} from './metricsHistory';
export type {
  CanaryInProgress,
  HistoryDeploy,
  HistoryRoute,
  MetricsHistory,
  Regression,
  ServiceHistory,
  ServiceMetricsContract,
  TimeInput,
  TrafficProfile,
  WrittenHistory,
} from './metricsHistory';
export {
  DEFAULT_LATENCY_BUCKETS,
  latencyDistribution,
  quantileOf,
} from './latencyDistribution';
export type { LatencyDistribution } from './latencyDistribution';
