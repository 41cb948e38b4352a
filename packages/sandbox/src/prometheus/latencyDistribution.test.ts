import {
  DEFAULT_LATENCY_BUCKETS,
  latencyDistribution,
  quantileOf,
} from './latencyDistribution';

describe('latencyDistribution', () => {
  it.each([0.0048, 0.01, 0.03, 0.12, 0.168, 0.25, 0.4, 0.99, 2, 7.5, 10])(
    'has a p95 of exactly %ss as histogram_quantile interpolates it',
    p95 => {
      const distribution = latencyDistribution(p95);
      expect(quantileOf(distribution, 0.95)).toBeCloseTo(p95, 10);
    },
  );

  it('is a cumulative distribution: rising, within [0, 1]', () => {
    for (const p95 of [0.0048, 0.12, 0.3, 9]) {
      const { cumulative } = latencyDistribution(p95);
      expect(cumulative).toHaveLength(DEFAULT_LATENCY_BUCKETS.length);
      cumulative.forEach((share, i) => {
        expect(share).toBeGreaterThanOrEqual(i === 0 ? 0 : cumulative[i - 1]);
        expect(share).toBeLessThanOrEqual(1);
      });
    }
  });

  it('puts the mean between zero and the largest bound that has requests', () => {
    const fast = latencyDistribution(0.12);
    const slow = latencyDistribution(0.168);
    expect(fast.meanSeconds).toBeGreaterThan(0);
    expect(fast.meanSeconds).toBeLessThan(0.25);
    expect(slow.meanSeconds).toBeGreaterThan(fast.meanSeconds);
  });

  it('refuses a p95 the buckets cannot express', () => {
    expect(() => latencyDistribution(0)).toThrow(/outside the buckets/);
    expect(() => latencyDistribution(11)).toThrow(/outside the buckets/);
    expect(() => latencyDistribution(0.001)).toThrow(
      /too small for the first bucket/,
    );
    expect(() => latencyDistribution(0.1, [0.1, 0.05])).toThrow(/ascending/);
  });
});
