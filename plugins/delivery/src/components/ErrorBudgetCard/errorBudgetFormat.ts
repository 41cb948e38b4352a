import { ErrorBudgetStatus } from '@go-delivery/plugin-delivery-common';

/** A fraction as a percentage with at most `digits` decimals, trailing zeros dropped: `99.9 %`. */
export function percent(fraction: number, digits = 2): string {
  return `${Number((fraction * 100).toFixed(digits))} %`;
}

/** What is left of a budget, or by how much it is overspent. */
export function budgetLeft(remaining: number | null): string {
  if (remaining === null) return 'no traffic';
  if (remaining < 0) return `overspent by ${percent(-remaining, 1)}`;
  return `${percent(remaining, 1)} left`;
}

/** An SLI with enough decimals to tell the nines apart (`99.762 %`). */
export function sliText(sli: number | null): string {
  return sli === null ? 'no traffic' : percent(sli, 3);
}

/** A burn rate as a multiple of the allowed rate (`20×`, `0.2×`). */
export function burnRate(rate: number | null): string {
  if (rate === null) return 'no traffic';
  return `${Number(rate.toPrecision(rate < 10 ? 2 : 3))}×`;
}

/** A latency threshold in the unit people write it in: `300 ms`, `1.5 s`. */
export function thresholdText(seconds: number): string {
  return seconds < 1
    ? `${Number((seconds * 1000).toFixed(3))} ms`
    : `${seconds} s`;
}

export function windowText(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

export const STATUS_LABELS: Record<ErrorBudgetStatus, string> = {
  healthy: 'Healthy',
  burning: 'Burning',
  exhausted: 'Exhausted',
  'no-data': 'No data',
};
