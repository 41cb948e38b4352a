const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The latest ISO timestamp anywhere in a value. */
export function latestTimestamp(value: unknown): number {
  let latest = -Infinity;
  const visit = (v: unknown) => {
    if (typeof v === 'string' && ISO_TIME.test(v))
      latest = Math.max(latest, Date.parse(v));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return latest;
}

/**
 * Moves every ISO timestamp in a value by the same offset, so the sandbox's fixed fixtures look
 * recent in the local portal ("deployed 2 hours ago") while tests keep the fixed originals.
 */
export function shiftTimestamps<T>(value: T, offsetMs: number): T {
  const shift = (v: unknown): unknown => {
    if (typeof v === 'string' && ISO_TIME.test(v)) {
      return new Date(Date.parse(v) + offsetMs)
        .toISOString()
        .replace('.000Z', 'Z');
    }
    if (Array.isArray(v)) return v.map(shift);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, shift(x)]),
      );
    }
    return v;
  };
  return shift(value) as T;
}
