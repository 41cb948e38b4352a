import {
  DeployVerdict,
  UpstreamFailure,
  VerdictWindowStats,
} from '@go-delivery/plugin-delivery-common';

/** When a deploy counts as a regression (`delivery.prometheus.verdict`). */
export interface VerdictSettings {
  /** Length of the windows before and after a deploy. */
  windowMinutes: number;
  /** Largest tolerated rise of the 5xx share, as a ratio (0.01 = 1 percentage point). */
  maxErrorRateIncrease: number;
  /** Largest tolerated rise of p95 latency, in percent. */
  maxP95IncreasePercent: number;
  /** Fewer requests than this in either window make the numbers meaningless. */
  minRequests: number;
}

export const DEFAULT_VERDICT_SETTINGS: VerdictSettings = {
  windowMinutes: 30,
  maxErrorRateIncrease: 0.01,
  maxP95IncreasePercent: 20,
  minRequests: 100,
};

/** The measurements of one window, as numbers (null where Prometheus had none). */
export interface WindowMeasurement {
  /** Unix seconds. */
  start: number;
  end: number;
  requests: number | null;
  errorRate: number | null;
  p95Seconds: number | null;
}

export function formatRatio(ratio: number): string {
  const percent = ratio * 100;
  return `${percent.toFixed(Math.abs(percent) < 1 ? 2 : 1)} %`;
}

export function formatSeconds(seconds: number): string {
  return seconds < 1
    ? `${Math.round(seconds * 1000)} ms`
    : `${seconds.toFixed(2)} s`;
}

function signed(value: number, digits: number): string {
  const rounded = Number(value.toFixed(digits));
  // No "-0": a change that rounds away is shown as 0.
  if (rounded === 0) return (0).toFixed(digits);
  return rounded > 0 ? `+${rounded.toFixed(digits)}` : rounded.toFixed(digits);
}

function toStats(window: WindowMeasurement): VerdictWindowStats {
  return {
    start: new Date(window.start * 1000).toISOString(),
    end: new Date(window.end * 1000).toISOString(),
    requests: window.requests === null ? null : Math.round(window.requests),
    errorRate: window.errorRate,
    p95Seconds: window.p95Seconds,
  };
}

function thresholdsOf(settings: VerdictSettings) {
  return {
    maxErrorRateIncrease: settings.maxErrorRateIncrease,
    maxP95IncreasePercent: settings.maxP95IncreasePercent,
  };
}

/** A verdict that could not be reached, with the reason as its summary. */
export function insufficientData(options: {
  settings: VerdictSettings;
  windowSeconds: number;
  summary: string;
  failure?: UpstreamFailure;
}): DeployVerdict {
  return {
    verdict: 'insufficient-data',
    summary: options.summary,
    windowMinutes: options.windowSeconds / 60,
    thresholds: thresholdsOf(options.settings),
    ...(options.failure ? { failure: options.failure } : {}),
  };
}

/**
 * Compares the window after a deploy with the window before it: a rise of the error rate by more
 * than `maxErrorRateIncrease`, or of p95 latency by more than `maxP95IncreasePercent`, is a
 * regression; too little traffic in either window gives no verdict.
 */
export function judgeDeploy(options: {
  before: WindowMeasurement;
  after: WindowMeasurement;
  settings: VerdictSettings;
}): DeployVerdict {
  const { before, after, settings } = options;
  const windowSeconds = after.end - after.start;
  const minutes = Math.round(windowSeconds / 60);
  const base = {
    windowMinutes: windowSeconds / 60,
    before: toStats(before),
    after: toStats(after),
    thresholds: thresholdsOf(settings),
  };

  for (const [window, where] of [
    [before, 'before'],
    [after, 'after'],
  ] as const) {
    const requests = window.requests ?? 0;
    if (requests < settings.minRequests) {
      return {
        ...base,
        verdict: 'insufficient-data',
        summary: `Not enough traffic to judge: ${Math.round(
          requests,
        )} requests in the ${minutes} minutes ${where} the deploy (at least ${
          settings.minRequests
        } needed).`,
      };
    }
  }

  const errorRateIncrease =
    before.errorRate !== null && after.errorRate !== null
      ? after.errorRate - before.errorRate
      : undefined;
  const p95IncreasePercent =
    before.p95Seconds !== null &&
    after.p95Seconds !== null &&
    before.p95Seconds > 0
      ? ((after.p95Seconds - before.p95Seconds) / before.p95Seconds) * 100
      : undefined;
  const numbers = {
    ...(errorRateIncrease !== undefined ? { errorRateIncrease } : {}),
    ...(p95IncreasePercent !== undefined ? { p95IncreasePercent } : {}),
  };

  const findings: string[] = [];
  if (
    errorRateIncrease !== undefined &&
    errorRateIncrease > settings.maxErrorRateIncrease
  ) {
    findings.push(
      `raised the error rate from ${formatRatio(
        before.errorRate!,
      )} to ${formatRatio(after.errorRate!)} (${signed(
        errorRateIncrease * 100,
        1,
      )} points)`,
    );
  }
  if (
    p95IncreasePercent !== undefined &&
    p95IncreasePercent > settings.maxP95IncreasePercent
  ) {
    findings.push(
      `raised p95 latency by ${Math.round(
        p95IncreasePercent,
      )} % (${formatSeconds(before.p95Seconds!)} → ${formatSeconds(
        after.p95Seconds!,
      )})`,
    );
  }
  if (findings.length > 0) {
    return {
      ...base,
      ...numbers,
      verdict: 'regression',
      summary: `This deploy ${findings.join(' and ')}.`,
    };
  }

  const observed: string[] = [];
  if (errorRateIncrease !== undefined) {
    observed.push(
      `error rate ${formatRatio(before.errorRate!)} → ${formatRatio(
        after.errorRate!,
      )}`,
    );
  }
  if (p95IncreasePercent !== undefined) {
    observed.push(
      `p95 latency ${formatSeconds(before.p95Seconds!)} → ${formatSeconds(
        after.p95Seconds!,
      )} (${signed(p95IncreasePercent, 0)} %)`,
    );
  }
  if (observed.length === 0) {
    return {
      ...base,
      verdict: 'insufficient-data',
      summary:
        'Prometheus returned no error rate or latency for the windows around this deploy.',
    };
  }
  return {
    ...base,
    ...numbers,
    verdict: 'healthy',
    summary: `No regression within ${minutes} minutes: ${observed.join(', ')}.`,
  };
}
