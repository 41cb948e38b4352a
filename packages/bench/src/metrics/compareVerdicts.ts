import {
  DeployMarkerView,
  VerdictWindowStats,
} from '@go-delivery/plugin-delivery-common';

/** Equal, or both numbers within a relative 1e-9 (float noise of another evaluation order). */
function close(a: number | null | undefined, b: number | null | undefined) {
  if (a === b) return true;
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  return Math.abs(a - b) <= Math.abs(b) * 1e-9;
}

function sameWindow(a?: VerdictWindowStats, b?: VerdictWindowStats): boolean {
  if (!a || !b) return a === b;
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.requests === b.requests &&
    close(a.errorRate, b.errorRate) &&
    close(a.p95Seconds, b.p95Seconds)
  );
}

/**
 * How many deploys two backends judged differently: deploy time, verdict, summary, window length
 * and the numbers of both windows must agree (numbers within float noise).
 */
export function countVerdictDifferences(
  ours: DeployMarkerView[],
  theirs: DeployMarkerView[],
): number {
  let differences = Math.abs(ours.length - theirs.length);
  ours.forEach((deploy, i) => {
    const other = theirs[i];
    if (!other) return;
    const a = deploy.verdict;
    const b = other.verdict;
    const same =
      deploy.deployedAt === other.deployedAt &&
      a.verdict === b.verdict &&
      a.summary === b.summary &&
      a.windowMinutes === b.windowMinutes &&
      sameWindow(a.before, b.before) &&
      sameWindow(a.after, b.after) &&
      close(a.errorRateIncrease, b.errorRateIncrease) &&
      close(a.p95IncreasePercent, b.p95IncreasePercent);
    if (!same) differences++;
  });
  return differences;
}
