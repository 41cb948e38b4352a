import { DeliveryEventView } from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdApplication,
  deployedRevision,
} from '@go-delivery/plugin-delivery-node';
import { toIsoTime } from '../deployments/toApplicationView';
import { deliveryEventId } from './eventIds';

/**
 * The incident signals an application shows right now: a Failed/Error sync operation
 * (`sync-failed`) and Degraded health (`degraded`). Each id comes from the fact (the operation's
 * times, the health's transition), so a signal seen on every pass is one event.
 */
export function incidentEvents(options: {
  app: ArgoCdApplication;
  /** What every event of this application carries: entity, environment, instance, application. */
  base: Pick<
    DeliveryEventView,
    'entityRef' | 'environment' | 'instance' | 'application'
  >;
  /** The application's identity, for the ids. */
  fact: Array<string | undefined>;
  now: number;
}): DeliveryEventView[] {
  const { app, base, fact } = options;
  const name = base.application;
  const events: DeliveryEventView[] = [];
  const operation = app.status?.operationState;
  if (operation?.phase === 'Failed' || operation?.phase === 'Error') {
    const startedAt = toIsoTime(operation.startedAt);
    const at = toIsoTime(operation.finishedAt) ?? startedAt;
    const revision =
      deployedRevision(operation.syncResult) ??
      deployedRevision(operation.operation?.sync);
    if (at) {
      events.push({
        ...base,
        id: deliveryEventId('sync-failed', [...fact, startedAt, at]),
        kind: 'sync-failed',
        at,
        ...(revision ? { revision } : {}),
        source: 'argocd',
        summary: `Sync of ${name} ${operation.phase.toLowerCase()}${
          operation.message ? `: ${operation.message.slice(0, 200)}` : ''
        }`,
      });
    }
  }

  const health = app.status?.health;
  if (health?.status === 'Degraded') {
    const since = toIsoTime(health.lastTransitionTime);
    const revision = deployedRevision(app.status?.sync);
    events.push({
      ...base,
      // Without a transition time, one event per revision that ran degraded.
      id: deliveryEventId('degraded', [...fact, since ?? revision ?? '']),
      kind: 'degraded',
      at: since ?? new Date(options.now).toISOString(),
      ...(revision ? { revision } : {}),
      source: 'argocd',
      summary: `${name} is degraded${
        health.message ? `: ${health.message.slice(0, 200)}` : ''
      }`,
    });
  }
  return events;
}
