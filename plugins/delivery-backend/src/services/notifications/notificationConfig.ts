import { Config } from '@backstage/config';
import { DeliveryEventKind } from '@go-delivery/plugin-delivery-common';

/** The event kinds that can notify an entity's owners (a deploy never does). */
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

export function isNotifiableKind(kind: string): kind is NotifiableKind {
  return (NOTIFIABLE_KINDS as readonly string[]).includes(kind);
}

/** `delivery.notifications`, read and checked at startup. */
export interface NotificationConfig {
  enabled: boolean;
  /** The kinds that notify, unless an entity's annotation narrows them. */
  events: ReadonlySet<NotifiableKind>;
  /**
   * Only events at most this old when they are first recorded notify: the collector's first pass
   * backfills Argo CD's history, which must not flood the owners.
   */
  maxAgeMinutes: number;
}

/** Reads `delivery.notifications`; throws at startup on a bad setting. */
export function readNotificationConfig(config: Config): NotificationConfig {
  const section = config.getOptionalConfig('delivery.notifications');
  const events = section?.getOptionalStringArray('events');
  for (const kind of events ?? []) {
    if (!isNotifiableKind(kind)) {
      throw new Error(
        `delivery.notifications.events: "${kind}" is not one of ${NOTIFIABLE_KINDS.join(
          ', ',
        )}`,
      );
    }
  }
  const maxAgeMinutes = section?.getOptionalNumber('maxAgeMinutes') ?? 60;
  if (!(maxAgeMinutes > 0) || !Number.isFinite(maxAgeMinutes)) {
    throw new Error(
      'delivery.notifications.maxAgeMinutes must be a positive number',
    );
  }
  return {
    enabled: section?.getOptionalBoolean('enabled') ?? true,
    events: new Set((events ?? NOTIFIABLE_KINDS) as NotifiableKind[]),
    maxAgeMinutes,
  };
}

/**
 * The kinds an entity's `go-delivery.dev/notify` annotation allows: `none`, or kinds separated by
 * commas. Throws naming the bad part, so the caller can ignore the annotation and log why.
 */
export function parseNotifyAnnotation(value: string): Set<NotifiableKind> {
  const parts = value
    .split(',')
    .map(part => part.trim().toLowerCase())
    .filter(Boolean);
  if (parts.length === 1 && parts[0] === 'none') return new Set();
  const bad = parts.filter(part => !isNotifiableKind(part));
  if (parts.length === 0 || bad.length > 0) {
    throw new Error(
      `expected "none" or kinds separated by "," (${NOTIFIABLE_KINDS.join(
        ', ',
      )}), got "${bad.join(', ') || value}"`,
    );
  }
  return new Set(parts as NotifiableKind[]);
}
