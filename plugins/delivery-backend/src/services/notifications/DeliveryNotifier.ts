import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  DeliveryEventView,
  InvalidAnnotationError,
  isNotifiableKind,
  NotifiableKind,
  readDeliveryTargets,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';
import { NotificationConfig } from './notificationConfig';
import { abortCause } from '../dora/rolloutAbortEvents';

/**
 * Told about the events a store call newly inserted. Of several replicas recording the same fact
 * only the one whose insert won is told, so each fact is passed on once.
 */
export interface RecordedEventsListener {
  recorded(
    events: DeliveryEventView[],
    context?: {
      /** Who performed the action the events record (a user or service principal), when one did. */
      actor?: string;
    },
  ): Promise<void>;
}

const SEVERITY: Record<NotifiableKind, NotificationSeverity> = {
  'sync-failed': 'high',
  degraded: 'high',
  regression: 'high',
  abort: 'high',
  rollback: 'normal',
  promotion: 'normal',
};

/**
 * Notifies an entity's owners of the delivery events worth their attention: a failed sync,
 * Degraded health, a regressed deploy, an aborted canary, a rollback or promotion. One
 * notification per newly recorded event (its id is the notification's scope, so the notifications
 * backend also keeps one per event); never to the person whose action it was; only for kinds the
 * config and the entity's `go-delivery.dev/notify` annotation allow; never for old events the
 * collector backfills. A failure is logged, never thrown: recording does not depend on it.
 */
export class DeliveryNotifier implements RecordedEventsListener {
  constructor(
    private readonly options: {
      notifications: NotificationService;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      config: NotificationConfig;
      now?: () => number;
    },
  ) {}

  async recorded(
    events: DeliveryEventView[],
    context: { actor?: string } = {},
  ): Promise<void> {
    const { config, logger } = this.options;
    if (!config.enabled) return;
    const now = (this.options.now ?? Date.now)();
    const oldest = now - config.maxAgeMinutes * 60_000;
    const candidates = events.filter(
      event =>
        isNotifiableKind(event.kind) &&
        config.events.has(event.kind) &&
        Date.parse(event.at) >= oldest,
    );
    const byEntity = new Map<string, DeliveryEventView[]>();
    for (const event of candidates) {
      byEntity.set(event.entityRef, [
        ...(byEntity.get(event.entityRef) ?? []),
        event,
      ]);
    }
    for (const [entityRef, entityEvents] of byEntity) {
      try {
        const allowed = await this.allowedKinds(entityRef);
        if (!allowed) continue;
        for (const event of entityEvents) {
          if (!allowed.has(event.kind as NotifiableKind)) continue;
          await this.options.notifications.send(
            deliveryNotification(event, context.actor),
          );
        }
      } catch (error) {
        logger.warn(
          `Notifying the owners of ${entityRef} of a delivery event failed: ${error}`,
        );
      }
    }
  }

  /** The kinds the entity's annotation allows, within the configured ones; undefined when it is gone. */
  private async allowedKinds(
    entityRef: string,
  ): Promise<Set<NotifiableKind> | undefined> {
    const { catalog, auth, logger, config } = this.options;
    let entity: Entity | undefined;
    try {
      entity = await catalog.getEntityByRef(entityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
    } catch (error) {
      // The owners still hear of it; only the annotation's narrowing is lost.
      logger.warn(
        `Reading ${entityRef} for its notification settings failed: ${error}`,
      );
      return new Set(config.events);
    }
    if (!entity) {
      logger.debug(`Not notifying: ${entityRef} is not in the catalog`);
      return undefined;
    }
    try {
      const kinds = readDeliveryTargets(entity).notify;
      if (kinds === undefined) return new Set(config.events);
      return new Set([...kinds].filter(kind => config.events.has(kind)));
    } catch (error) {
      if (!(error instanceof InvalidAnnotationError)) throw error;
      logger.warn(
        `Ignoring an annotation of ${entityRef}, notifying as configured: ${error.message}`,
      );
      return new Set(config.events);
    }
  }
}

/** The notification of one event: to the entity's owners, except the person who acted. */
export function deliveryNotification(
  event: DeliveryEventView,
  actor?: string,
): NotificationSendOptions {
  const ref = parseEntityRef(event.entityRef);
  const person = actor?.startsWith('user:') ? actor : undefined;
  const by = actor ? ` by ${actor}` : '';
  // An abort the collector read off a Rollout: "by analysis (AnalysisRun …)" when one failed.
  const analysis = abortCause(event);
  const cause = analysis ? ` ${analysis}` : '';
  const target = event.application ?? ref.name;
  const titles: Record<NotifiableKind, string> = {
    'sync-failed': `${target}: sync failed`,
    degraded: `${target}: degraded`,
    regression: `Deploy of ${
      event.revision ? shortRevision(event.revision) : target
    } to ${event.environment} regressed`,
    abort: `Canary of ${ref.name} aborted${by || cause}`,
    rollback: `${ref.name} rolled back in ${event.environment}${by}`,
    promotion: `${ref.name} promoted to ${event.environment}${by}`,
  };
  const kind = event.kind as NotifiableKind;
  return {
    recipients: {
      type: 'entity',
      entityRef: event.entityRef,
      ...(person ? { excludeEntityRef: person } : {}),
    },
    payload: {
      title: titles[kind],
      description: event.summary,
      link: `/catalog/${[
        ref.namespace,
        ref.kind.toLocaleLowerCase('en-US'),
        ref.name,
      ]
        .map(encodeURIComponent)
        .join('/')}/delivery`,
      severity: SEVERITY[kind],
      topic: `delivery:${kind}`,
      scope: event.id,
    },
  };
}
