/**
 * The time ranges offered. The backend accepts 5 minutes to 7 days by default and picks a step
 * for about 240 points, so each of these is a valid request as it stands.
 */
export const METRICS_RANGES = [
  { value: '30m', label: 'Last 30 minutes' },
  { value: '1h', label: 'Last hour' },
  { value: '3h', label: 'Last 3 hours' },
  { value: '6h', label: 'Last 6 hours' },
  { value: '12h', label: 'Last 12 hours' },
  { value: '1d', label: 'Last day' },
  { value: '3d', label: 'Last 3 days' },
  { value: '7d', label: 'Last 7 days' },
] as const;

/** @public */
export type MetricsRangeOption = (typeof METRICS_RANGES)[number]['value'];

/** The backend's own default. */
export const DEFAULT_METRICS_RANGE: MetricsRangeOption = '3h';
