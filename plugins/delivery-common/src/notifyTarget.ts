import { Entity } from '@backstage/catalog-model';
import { NOTIFY_ANNOTATION } from './annotations';
import { rawAnnotationValue } from './annotationValue';
import { DeliveryEventKind } from './doraTypes';
import { InvalidAnnotationError } from './InvalidAnnotationError';

/**
 * The delivery event kinds that can notify an entity's owners (a deploy never does).
 *
 * @public
 */
export const NOTIFIABLE_KINDS = [
  'sync-failed',
  'degraded',
  'regression',
  'abort',
  'rollback',
  'promotion',
] as const satisfies readonly DeliveryEventKind[];

/** @public */
export type NotifiableKind = (typeof NOTIFIABLE_KINDS)[number];

/** @public */
export function isNotifiableKind(kind: string): kind is NotifiableKind {
  return (NOTIFIABLE_KINDS as readonly string[]).includes(kind);
}

/**
 * The kinds the entity's `go-delivery.dev/notify` annotation allows: `none`, or kinds separated
 * by commas; undefined when it has none (the configured kinds apply). Throws
 * {@link InvalidAnnotationError} naming the bad part.
 *
 * @public
 */
export function readNotifyTarget(
  entity: Entity,
): ReadonlySet<NotifiableKind> | undefined {
  const value = rawAnnotationValue(entity, NOTIFY_ANNOTATION);
  if (value === undefined) return undefined;
  const parts = value
    .split(',')
    .map(part => part.trim().toLocaleLowerCase('en-US'))
    .filter(Boolean);
  if (parts.length === 1 && parts[0] === 'none') return new Set();
  const bad = parts.filter(part => !isNotifiableKind(part));
  if (parts.length === 0 || bad.length > 0) {
    throw new InvalidAnnotationError(
      NOTIFY_ANNOTATION,
      `expected "none" or kinds separated by "," (${NOTIFIABLE_KINDS.join(
        ', ',
      )}), got ${JSON.stringify((bad.join(', ') || value).slice(0, 60))}`,
    );
  }
  return new Set(parts as NotifiableKind[]);
}
