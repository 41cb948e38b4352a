import { InputError } from '@backstage/errors';
import {
  DEFAULT_RANGE_LIMITS,
  parseDuration,
  parseMetricsRange,
} from './metricsRange';

const NOW_MS = Date.parse('2026-03-01T12:34:56Z');
const NOW = NOW_MS / 1000;
const parse = (params: object) =>
  parseMetricsRange(params, DEFAULT_RANGE_LIMITS, NOW_MS);

describe('parseDuration', () => {
  it('reads Prometheus-style durations', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('6h')).toBe(21600);
    expect(parseDuration('7d')).toBe(604800);
    expect(parseDuration('1w')).toBe(604800);
    for (const bad of [
      '',
      '0h',
      '1.5h',
      '-1h',
      '1y',
      '1h30m',
      '1H',
      ' 1h',
      '9999999h',
    ]) {
      expect(parseDuration(bad)).toBeUndefined();
    }
  });
});

describe('parseMetricsRange', () => {
  it('defaults to the last 3 hours with a 1 minute step, the end on a step boundary', () => {
    const range = parse({});
    expect(range.step).toBe(60);
    expect(range.end).toBe(Math.floor(NOW / 60) * 60);
    expect(range.end - range.start).toBe(3 * 3600);
  });

  it.each([
    ['5m', 15],
    ['1h', 15],
    ['6h', 120],
    ['1d', 600],
    ['7d', 3600],
  ])(
    'chooses a round step for %s (%i s), at most 240 points',
    (range, step) => {
      const parsed = parse({ range });
      expect(parsed.step).toBe(step);
      expect((parsed.end - parsed.start) / parsed.step).toBeLessThanOrEqual(
        240,
      );
    },
  );

  it('accepts an explicit step that keeps the points within bounds', () => {
    expect(parse({ range: '1h', step: '30s' })).toMatchObject({ step: 30 });
    expect(() => parse({ range: '7d', step: '15s' })).toThrow(
      new InputError(
        'range 7d with step 15s gives more than 720 points; use a larger step',
      ),
    );
    expect(() => parse({ range: '1h', step: '5s' })).toThrow(
      new InputError('step must be at least 15s'),
    );
  });

  it('accepts an end in the past, as RFC 3339 or Unix seconds', () => {
    const iso = parse({ range: '1h', end: '2026-03-01T10:00:00Z' });
    expect(iso.end).toBe(Date.parse('2026-03-01T10:00:00Z') / 1000);
    expect(parse({ range: '1h', end: String(NOW - 7200) }).end).toBe(
      Math.floor((NOW - 7200) / 15) * 15,
    );
  });

  it.each([
    [{ range: '1m' }, 'range must be between 5m and 7d'],
    [{ range: '8d' }, 'range must be between 5m and 7d'],
    [
      { range: 'forever' },
      "range 'forever' is not a duration such as 30m, 6h or 7d",
    ],
    [
      { range: ['1h', '2h'] },
      "Query parameter 'range' must be given once, as text",
    ],
    [{ step: 'fast' }, "step 'fast' is not a duration such as 30s or 5m"],
    [
      { end: 'tomorrow' },
      "end 'tomorrow' is not an RFC 3339 time or Unix seconds",
    ],
    [{ end: '2026-03-02T00:00:00Z' }, 'end lies in the future'],
    [{ end: '2025-01-01T00:00:00Z' }, 'end lies more than 30d in the past'],
    [
      { range: '1h") or vector(1' },
      "range '1h\") or vector(1' is not a duration such as 30m, 6h or 7d",
    ],
  ])('refuses %j', (params, message) => {
    expect(() => parse(params)).toThrow(new InputError(message));
  });
});
