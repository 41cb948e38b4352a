import { InputError } from '@backstage/errors';

/** The time window of the charts: Unix seconds, the end aligned to the step. */
export interface MetricsRange {
  start: number;
  end: number;
  step: number;
}

/** What a caller may ask for; everything else is refused. */
export interface RangeLimits {
  defaultRangeSeconds: number;
  minRangeSeconds: number;
  maxRangeSeconds: number;
  /** The smallest step: a finer one only repeats samples (the scrape interval). */
  minStepSeconds: number;
  /** Bounds the size of an answer (points per series). */
  maxPoints: number;
  /** How far back `end` may lie. */
  maxLookbackSeconds: number;
}

export const DEFAULT_RANGE_LIMITS: RangeLimits = {
  defaultRangeSeconds: 3 * 3600,
  minRangeSeconds: 5 * 60,
  maxRangeSeconds: 7 * 86400,
  minStepSeconds: 15,
  maxPoints: 720,
  maxLookbackSeconds: 30 * 86400,
};

/** Steps chosen automatically, so chart points fall on round times. */
const NICE_STEPS = [
  15,
  30,
  60,
  120,
  300,
  600,
  900,
  1800,
  3600,
  7200,
  3 * 3600,
  6 * 3600,
  12 * 3600,
  86400,
];
/** The number of points an automatic step aims at (at most). */
const TARGET_POINTS = 240;

const UNITS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
};

/** Parses a duration like `90s`, `30m`, `6h`, `7d`, `1w` into seconds. */
export function parseDuration(value: string): number | undefined {
  const match = /^([1-9]\d{0,5})([smhdw])$/.exec(value);
  return match ? Number(match[1]) * UNITS[match[2]] : undefined;
}

function single(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(
      `Query parameter '${name}' must be given once, as text`,
    );
  }
  return value;
}

function describe(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

function parseEnd(value: string): number | undefined {
  if (/^\d{9,11}(\.\d{1,3})?$/.test(value)) return Number(value);
  if (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(
      value,
    )
  ) {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms / 1000 : undefined;
  }
  return undefined;
}

/**
 * Validates the caller's `range`, `step` and `end` against the limits. Without `step`, one is
 * chosen for about {@link TARGET_POINTS} points; an explicit step must keep the points within
 * `maxPoints`. The end is aligned down to the step so repeated views hit the same cached queries.
 */
export function parseMetricsRange(
  params: { range?: unknown; step?: unknown; end?: unknown },
  limits: RangeLimits,
  nowMs: number,
): MetricsRange {
  const rangeText = single('range', params.range);
  const stepText = single('step', params.step);
  const endText = single('end', params.end);

  const range =
    rangeText === undefined
      ? limits.defaultRangeSeconds
      : parseDuration(rangeText);
  if (range === undefined) {
    throw new InputError(
      `range '${rangeText}' is not a duration such as 30m, 6h or 7d`,
    );
  }
  if (range < limits.minRangeSeconds || range > limits.maxRangeSeconds) {
    throw new InputError(
      `range must be between ${describe(limits.minRangeSeconds)} and ${describe(
        limits.maxRangeSeconds,
      )}`,
    );
  }

  let step: number;
  if (stepText === undefined) {
    const wanted = Math.max(range / TARGET_POINTS, limits.minStepSeconds);
    step =
      NICE_STEPS.find(s => s >= wanted) ?? Math.ceil(range / TARGET_POINTS);
  } else {
    const parsed = parseDuration(stepText);
    if (parsed === undefined)
      throw new InputError(
        `step '${stepText}' is not a duration such as 30s or 5m`,
      );
    if (parsed < limits.minStepSeconds) {
      throw new InputError(
        `step must be at least ${describe(limits.minStepSeconds)}`,
      );
    }
    step = parsed;
  }
  if (range / step > limits.maxPoints) {
    throw new InputError(
      `range ${describe(range)} with step ${describe(step)} gives more than ${
        limits.maxPoints
      } points; use a larger step`,
    );
  }

  const now = nowMs / 1000;
  let end = now;
  if (endText !== undefined) {
    const parsed = parseEnd(endText);
    if (parsed === undefined) {
      throw new InputError(
        `end '${endText.slice(0, 40)}' is not an RFC 3339 time or Unix seconds`,
      );
    }
    if (parsed > now + 60) throw new InputError('end lies in the future');
    if (parsed < now - limits.maxLookbackSeconds) {
      throw new InputError(
        `end lies more than ${describe(limits.maxLookbackSeconds)} in the past`,
      );
    }
    end = Math.min(parsed, now);
  }
  end = Math.floor(end / step) * step;
  return { start: end - range, end, step };
}
