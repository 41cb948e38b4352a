import { CronTime } from 'cron';

/*
 * Recurring windows as Argo CD defines sync windows: a cron schedule of starts and a duration.
 * The configured freeze windows use the same shape, so one rule decides both.
 */

/** A window that opens at each start of `schedule` and stays open for `durationMs`. */
export interface RecurringWindow {
  schedule: string;
  durationMs: number;
  /** IANA zone of the schedule; UTC by default (as Argo CD). */
  timeZone?: string;
}

const GO_DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** A Go duration as Argo CD writes them (`1h`, `30m`, `1h30m`, `90s`), in ms; undefined if not one. */
export function parseWindowDuration(
  value: string | undefined,
): number | undefined {
  const match = GO_DURATION.exec(value?.trim() ?? '');
  if (!match || !value?.trim()) return undefined;
  const [, h, m, s] = match.map(part => Number(part ?? 0));
  const ms = ((h * 60 + m) * 60 + s) * 1000;
  return ms > 0 ? ms : undefined;
}

/** Whether the schedule is a cron expression the window rule can read. */
export function isCronSchedule(schedule: string, timeZone?: string): boolean {
  try {
    // eslint-disable-next-line no-new
    new CronTime(schedule, timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The start of the occurrence that is open at `now`, or undefined when the window is closed: a
 * start within the last `durationMs`.
 */
export function openSince(
  window: RecurringWindow,
  now: number,
): Date | undefined {
  const time = new CronTime(window.schedule, window.timeZone ?? 'UTC');
  // The first start after `now - duration`; the window is open if that start is not after now.
  const start = time
    .getNextDateFrom(
      new Date(now - window.durationMs),
      window.timeZone ?? 'UTC',
    )
    .toJSDate();
  return start.getTime() <= now ? start : undefined;
}

/** When an open occurrence closes. */
export function closesAt(window: RecurringWindow, since: Date): Date {
  return new Date(since.getTime() + window.durationMs);
}
