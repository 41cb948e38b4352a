export { GoldenSignalsCard } from './GoldenSignalsCard';
export type { GoldenSignalsCardProps } from './GoldenSignalsCard';
export { GoldenSignalsPanel } from './GoldenSignalsPanel';
export type { GoldenSignalsPanelProps } from './GoldenSignalsPanel';
export { METRICS_RANGES } from './metricsRanges';
export type { MetricsRangeOption } from './metricsRanges';
export {
  deployMarkerLines,
  mergeSeries,
  UNIT_DISPLAY,
} from './signalChartData';
