import {
  CoveragePackageView,
  CoverageReportResult,
  CoverageThresholdView,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';

const MINUS = '\u2212';

/** Up to two decimals, without trailing zeros. */
function figure(value: number): string {
  return String(Number(value.toFixed(2)));
}

/** `78.3 %`, or a dash when there is nothing to cover. */
export function formatPercent(percent: number | null | undefined): string {
  return percent === null || percent === undefined
    ? '—'
    : `${figure(percent)} %`;
}

/** Which way coverage went since the previous report on the branch. */
export type CoverageTrend = 'up' | 'down' | 'same' | 'first';

/** The change from the previous commit, in percentage points, as a sentence fragment. */
export function describeDelta(report: CoverageReportResult): {
  trend: CoverageTrend;
  text: string;
} {
  const { delta, previous } = report;
  if (delta === null || !previous) {
    return { trend: 'first', text: `First report on ${report.branch}` };
  }
  const since = `since ${shortRevision(previous.commit)}`;
  if (delta === 0) return { trend: 'same', text: `No change ${since}` };
  const sign = delta > 0 ? '+' : MINUS;
  return {
    trend: delta > 0 ? 'up' : 'down',
    text: `${sign}${figure(Math.abs(delta))} pp ${since}`,
  };
}

/** How the report stands against the entity's threshold (the backend's `passed` decides). */
export function describeThreshold(
  report: Pick<CoverageReportResult, 'percent' | 'passed'>,
  threshold: CoverageThresholdView,
): string {
  const limit = `the ${formatPercent(threshold.percent)} threshold`;
  if (report.percent === null) {
    return report.passed
      ? `Nothing to cover; meets ${limit}`
      : `Nothing to cover; below ${limit}`;
  }
  const margin = report.percent - threshold.percent;
  if (report.passed) {
    return margin > 0
      ? `Meets ${limit} by ${figure(margin)} pp`
      : `Meets ${limit}`;
  }
  return `${figure(Math.abs(margin))} pp below ${limit}`;
}

/** Where the threshold comes from, for people. */
export function thresholdSource(threshold: CoverageThresholdView): string {
  return threshold.source === 'annotation'
    ? 'set by the go-delivery.dev/coverage-threshold annotation'
    : 'the portal default';
}

/** @public */
export type PackageSortKey = 'name' | 'coverage';

/** Packages by name or by coverage; packages without anything to cover always come last. */
export function sortPackages(
  packages: CoveragePackageView[],
  sort: { by: PackageSortKey; direction: 'asc' | 'desc' },
): CoveragePackageView[] {
  const factor = sort.direction === 'asc' ? 1 : -1;
  const byName = (a: CoveragePackageView, b: CoveragePackageView) =>
    a.name.localeCompare(b.name);
  return [...packages].sort((a, b) => {
    if (sort.by === 'name') return factor * byName(a, b);
    if (a.percent === null || b.percent === null) {
      if (a.percent === b.percent) return byName(a, b);
      return a.percent === null ? 1 : -1;
    }
    return factor * (a.percent - b.percent) || byName(a, b);
  });
}

/**
 * Package names without the prefix they all share (the Go module path), keeping at least the
 * last segment of each: `github.com/org/svc/internal/x` → `internal/x`.
 */
export function shortPackageNames(names: string[]): Map<string, string> {
  const split = names.map(n => n.split('/'));
  const shortest = Math.min(...split.map(s => s.length));
  const first = split[0] ?? [];
  const sharedAt = (index: number) =>
    split.every(s => s[index] === first[index]);
  let common = 0;
  while (common < shortest - 1 && sharedAt(common)) common++;
  return new Map(names.map((n, i) => [n, split[i].slice(common).join('/')]));
}
