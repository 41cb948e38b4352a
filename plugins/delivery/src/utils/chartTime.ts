const DAY_MS = 24 * 3600 * 1000;

/**
 * A tick label for a time axis: the time of day over short spans, the day and hour up to a
 * week, the date over longer ones.
 * Uses the browser's locale and time zone.
 */
export function formatTimeTick(t: number, spanMs: number): string {
  const date = new Date(t);
  if (spanMs <= 2 * DAY_MS) {
    return date.toLocaleTimeString(undefined, {
      hour: '2-digit',
      minute: '2-digit',
    });
  }
  if (spanMs <= 7 * DAY_MS) {
    return date.toLocaleString(undefined, {
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
    });
  }
  return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** The full date and time, for tooltips. */
export function formatTimestamp(t: number): string {
  return new Date(t).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}
