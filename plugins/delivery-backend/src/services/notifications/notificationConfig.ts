import { Config } from '@backstage/config';
import {
  isNotifiableKind,
  NOTIFIABLE_KINDS,
  NotifiableKind,
} from '@go-delivery/plugin-delivery-common';

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
