import {
  DEFAULT_VERDICT_SETTINGS,
  formatRatio,
  formatSeconds,
  judgeDeploy,
  WindowMeasurement,
} from './deployVerdict';

const T = Date.parse('2026-03-01T12:00:00Z') / 1000;
const W = 1800;

function windows(
  before: Partial<WindowMeasurement>,
  after: Partial<WindowMeasurement>,
) {
  const base = { requests: 10_000, errorRate: 0.005, p95Seconds: 0.12 };
  return {
    before: { start: T - W, end: T, ...base, ...before },
    after: { start: T, end: T + W, ...base, ...after },
    settings: DEFAULT_VERDICT_SETTINGS,
  };
}

describe('judgeDeploy', () => {
  it('calls a p95 rise above the threshold a regression, in words and numbers', () => {
    const verdict = judgeDeploy(windows({}, { p95Seconds: 0.168 }));
    expect(verdict).toEqual({
      verdict: 'regression',
      summary: 'This deploy raised p95 latency by 40 % (120 ms → 168 ms).',
      windowMinutes: 30,
      before: {
        start: '2026-03-01T11:30:00.000Z',
        end: '2026-03-01T12:00:00.000Z',
        requests: 10000,
        errorRate: 0.005,
        p95Seconds: 0.12,
      },
      after: {
        start: '2026-03-01T12:00:00.000Z',
        end: '2026-03-01T12:30:00.000Z',
        requests: 10000,
        errorRate: 0.005,
        p95Seconds: 0.168,
      },
      errorRateIncrease: 0,
      p95IncreasePercent: expect.closeTo(40, 10),
      thresholds: { maxErrorRateIncrease: 0.01, maxP95IncreasePercent: 20 },
    });
  });

  it('calls an error-rate rise above the threshold a regression', () => {
    const verdict = judgeDeploy(windows({}, { errorRate: 0.021 }));
    expect(verdict.verdict).toBe('regression');
    expect(verdict.errorRateIncrease).toBeCloseTo(0.016, 10);
    expect(verdict.summary).toBe(
      'This deploy raised the error rate from 0.50 % to 2.1 % (+1.6 points).',
    );
  });

  it('names both rises when both happened', () => {
    const verdict = judgeDeploy(
      windows({ p95Seconds: 1.5 }, { errorRate: 0.3, p95Seconds: 3 }),
    );
    expect(verdict.summary).toBe(
      'This deploy raised the error rate from 0.50 % to 30.0 % (+29.5 points) and raised p95 latency by 100 % (1.50 s → 3.00 s).',
    );
  });

  it('stays healthy on the thresholds themselves and on improvements', () => {
    const onThreshold = judgeDeploy(
      windows({}, { errorRate: 0.015, p95Seconds: 0.144 }),
    );
    expect(onThreshold.verdict).toBe('healthy');
    expect(onThreshold.summary).toBe(
      'No regression within 30 minutes: error rate 0.50 % → 1.5 %, p95 latency 120 ms → 144 ms (+20 %).',
    );
    const better = judgeDeploy(
      windows({ errorRate: 0.08, p95Seconds: 0.3 }, {}),
    );
    expect(better).toMatchObject({
      verdict: 'healthy',
      p95IncreasePercent: -60,
    });
    expect(better.errorRateIncrease).toBeCloseTo(-0.075, 10);
  });

  it('follows the configured thresholds', () => {
    const strict = {
      ...DEFAULT_VERDICT_SETTINGS,
      maxP95IncreasePercent: 5,
      maxErrorRateIncrease: 0.001,
    };
    expect(
      judgeDeploy({ ...windows({}, { p95Seconds: 0.13 }), settings: strict })
        .verdict,
    ).toBe('regression');
    expect(
      judgeDeploy({ ...windows({}, { errorRate: 0.007 }), settings: strict })
        .verdict,
    ).toBe('regression');
  });

  it('gives no verdict on too little traffic in either window', () => {
    const quiet = judgeDeploy(windows({}, { requests: 42.4, errorRate: 1 }));
    expect(quiet.verdict).toBe('insufficient-data');
    expect(quiet.summary).toBe(
      'Not enough traffic to judge: 42 requests in the 30 minutes after the deploy (at least 100 needed).',
    );
    expect(judgeDeploy(windows({ requests: null }, {})).summary).toMatch(
      /0 requests in the 30 minutes before/,
    );
  });

  it('judges on what is there when one number is missing, and not at all when both are', () => {
    expect(
      judgeDeploy(windows({ p95Seconds: null }, { errorRate: 0.5 })).verdict,
    ).toBe('regression');
    const partial = judgeDeploy(windows({ p95Seconds: null }, {}));
    expect(partial.verdict).toBe('healthy');
    expect(partial.p95IncreasePercent).toBeUndefined();
    const none = judgeDeploy(
      windows({ p95Seconds: null, errorRate: null }, {}),
    );
    expect(none.verdict).toBe('insufficient-data');
  });
});

describe('formatting', () => {
  it('writes shares and latencies for people', () => {
    expect(formatRatio(0.005)).toBe('0.50 %');
    expect(formatRatio(0.0123)).toBe('1.2 %');
    expect(formatRatio(0)).toBe('0.00 %');
    expect(formatSeconds(0.1234)).toBe('123 ms');
    expect(formatSeconds(2.5)).toBe('2.50 s');
  });
});
