import { ObjectTime } from './argoRolloutsTypes';

/** ISO timestamp (seconds precision) of an API string or a Date from a YAML fixture. */
export function isoTime(value: ObjectTime | unknown): string | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? undefined
      : value.toISOString().replace('.000Z', 'Z');
  }
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A finite number, or the fallback (fields real objects omit or mistype). */
export function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A non-negative integer from an annotation such as `rollout.argoproj.io/revision`. */
export function integerOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** An array, or an empty one for `null`, absent or mistyped fields. */
export function arrayOf<T>(value: T[] | null | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

/** Whether an object is controlled (or owned) by the object with this uid. */
export function isOwnedBy(
  owner: { metadata?: { uid?: string } },
  object: {
    metadata?: { ownerReferences?: Array<{ uid?: string }> };
  },
): boolean {
  const uid = owner.metadata?.uid;
  return (
    uid !== undefined &&
    arrayOf(object.metadata?.ownerReferences).some(ref => ref?.uid === uid)
  );
}
