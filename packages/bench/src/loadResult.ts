import { percentile } from './stats';

/** What one load run measured; percentiles over every 2xx answer of the run. */
export interface LoadResult {
  views: number;
  seconds: number;
  viewsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  errors: number;
  non2xx: number;
}

/** A load run's result from the latency of each 2xx answer and the failures. */
export function loadResultOf(options: {
  latenciesMs: number[];
  seconds: number;
  errors: number;
  non2xx: number;
}): LoadResult {
  const { latenciesMs, seconds } = options;
  return {
    views: latenciesMs.length,
    seconds,
    viewsPerSecond: latenciesMs.length / seconds,
    latencyMs: {
      p50: percentile(latenciesMs, 50),
      p95: percentile(latenciesMs, 95),
      p99: percentile(latenciesMs, 99),
      max: percentile(latenciesMs, 100),
    },
    errors: options.errors,
    non2xx: options.non2xx,
  };
}
