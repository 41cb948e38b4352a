import {
  CoverageHistoryPoint,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';

/** One point of the trend chart: time on the x axis, coverage in percent on the y axis. */
export interface CoverageTrendPoint {
  t: number;
  percent: number | null;
  commit: string;
  branch: string;
  passed: boolean;
}

/** The history as chart points, oldest first; reports without a valid time are left out. */
export function coverageTrendData(
  points: CoverageHistoryPoint[],
): CoverageTrendPoint[] {
  return points
    .map(p => ({
      t: Date.parse(p.uploadedAt),
      percent: p.percent,
      commit: shortRevision(p.commit),
      branch: p.branch,
      passed: p.passed,
    }))
    .filter(p => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t);
}

/** The y axis: up to 100 %, from a round number a little below the lowest value or threshold. */
export function trendDomain(
  points: CoverageTrendPoint[],
  threshold: number,
): [number, number] {
  const values = points
    .map(p => p.percent)
    .filter((v): v is number => v !== null);
  const lowest = Math.min(threshold, ...values);
  return [Math.max(0, Math.floor((lowest - 5) / 10) * 10), 100];
}
