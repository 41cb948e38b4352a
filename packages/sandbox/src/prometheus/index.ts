export { RealPrometheus } from './RealPrometheus';
export type { RealPrometheusOptions } from './RealPrometheus';
export { toMillis, writeMetricsHistory } from './metricsHistory';
export type { WrittenHistory } from './metricsHistory';
export { DEFAULT_HISTORY_ROUTES } from './historyModel';
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
} from './historyModel';
export {
  DEFAULT_LATENCY_BUCKETS,
  latencyDistribution,
  quantileOf,
} from './latencyDistribution';
export type { LatencyDistribution } from './latencyDistribution';
