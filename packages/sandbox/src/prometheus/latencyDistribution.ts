/** The default buckets of Prometheus' Go client (`prometheus.DefBuckets`), in seconds. */
export const DEFAULT_LATENCY_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

const QUANTILE = 0.95;

/**
 * A request-latency distribution over histogram buckets: the share of requests at or below each
 * bucket bound (cumulative, like the `le` buckets) and the mean latency (for `_sum`).
 */
export interface LatencyDistribution {
  buckets: readonly number[];
  /** `cumulative[i]` is the share of requests with latency ≤ `buckets[i]`; the rest is above. */
  cumulative: number[];
  meanSeconds: number;
}

/**
 * Builds a latency distribution whose 95th percentile is exactly `p95Seconds`, as
 * `histogram_quantile` computes it.
 *
 * The CDF is piecewise linear with its knots on the bucket bounds. `histogram_quantile`
 * interpolates linearly inside a bucket, so for such a CDF its estimate equals the true quantile:
 * tests can derive the p95 Prometheus must return from the generator's input alone.
 */
export function latencyDistribution(
  p95Seconds: number,
  buckets: readonly number[] = DEFAULT_LATENCY_BUCKETS,
): LatencyDistribution {
  assertAscending(buckets);
  const hiIndex = buckets.findIndex(bound => bound >= p95Seconds);
  if (!(p95Seconds > 0) || hiIndex < 0) {
    throw new Error(
      `p95 of ${p95Seconds}s is outside the buckets (0, ${
        buckets[buckets.length - 1]
      }]`,
    );
  }
  const lo = hiIndex === 0 ? 0 : buckets[hiIndex - 1];
  const hi = buckets[hiIndex];

  // Below the p95 bucket the CDF rises linearly from 0; inside it, it passes through (p95, 0.95).
  let atLo = (QUANTILE * lo) / p95Seconds;
  let atHi = (QUANTILE * hi) / p95Seconds;
  if (atHi > 1) {
    // The bucket is too wide for that slope: end it at 1 and start it where the line must start.
    atHi = 1;
    atLo = QUANTILE - ((p95Seconds - lo) * (1 - QUANTILE)) / (hi - p95Seconds);
    if (lo === 0 && atLo > 0) {
      throw new Error(
        `p95 of ${p95Seconds}s is too small for the first bucket (${hi}s); use at least ${
          QUANTILE * hi
        }s`,
      );
    }
  }

  const cumulative = buckets.map((bound, i) => {
    if (i < hiIndex - 1) return (atLo * bound) / lo;
    if (i === hiIndex - 1) return atLo;
    if (i === hiIndex) return atHi;
    // The rest of the requests are spread over the next bucket.
    return 1;
  });
  return { buckets, cumulative, meanSeconds: meanOf(buckets, cumulative) };
}

/** The quantile of a distribution, interpolated as `histogram_quantile` does. */
export function quantileOf(
  distribution: LatencyDistribution,
  q: number,
): number {
  const { buckets, cumulative } = distribution;
  for (let i = 0; i < buckets.length; i++) {
    if (cumulative[i] >= q) {
      const lo = i === 0 ? 0 : buckets[i - 1];
      const below = i === 0 ? 0 : cumulative[i - 1];
      return lo + ((buckets[i] - lo) * (q - below)) / (cumulative[i] - below);
    }
  }
  return buckets[buckets.length - 1];
}

function meanOf(buckets: readonly number[], cumulative: number[]): number {
  let mean = 0;
  let previousBound = 0;
  let previousShare = 0;
  buckets.forEach((bound, i) => {
    mean += (cumulative[i] - previousShare) * ((previousBound + bound) / 2);
    previousBound = bound;
    previousShare = cumulative[i];
  });
  // Requests above the last bound (only when the p95 bucket is the last one) count at that bound.
  return mean + (1 - previousShare) * previousBound;
}

function assertAscending(buckets: readonly number[]) {
  if (
    buckets.length === 0 ||
    buckets.some((b, i) => !(b > 0) || (i > 0 && b <= buckets[i - 1]))
  ) {
    throw new Error(
      `Buckets must be positive and ascending, got ${buckets.join(', ')}`,
    );
  }
}
