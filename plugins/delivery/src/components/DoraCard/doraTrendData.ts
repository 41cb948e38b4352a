import { DoraWeek } from '@go-delivery/plugin-delivery-common';

/** One bar group of the trend chart: a week with its label. */
export interface DoraTrendRow extends DoraWeek {
  /** "Jan 5": the Monday the week starts on. */
  week: string;
}

/** The Monday as the axis shows it, in UTC as the backend cut the weeks. */
export function weekLabel(weekStart: string): string {
  return new Date(weekStart).toLocaleDateString('en', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** The weeks oldest first, labelled for the axis. */
export function doraTrendData(weeks: DoraWeek[]): DoraTrendRow[] {
  return [...weeks]
    .sort((a, b) => a.weekStart.localeCompare(b.weekStart))
    .map(w => ({ ...w, week: weekLabel(w.weekStart) }));
}

/** What the chart shows, in words: for its caption, and for whoever cannot see the bars. */
export function describeTrend(rows: DoraTrendRow[]): string {
  const deploys = rows.reduce((sum, r) => sum + r.deploys, 0);
  const failed = rows.reduce((sum, r) => sum + r.failedDeploys, 0);
  const weeks = rows.length === 1 ? '1 week' : `${rows.length} weeks`;
  return `${weeks} from ${rows[0].week}: ${deploys} deploys, ${failed} failed.`;
}
