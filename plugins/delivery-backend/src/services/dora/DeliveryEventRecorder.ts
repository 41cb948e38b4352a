import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeliveryEventView,
  DeployMarkerView,
} from '@go-delivery/plugin-delivery-common';
import { ProductionTargets } from '../../actions/confirmation';
import { DeliveryEventStore } from '../../database/DeliveryEventStore';
import { deliveryEventId } from './eventIds';
import { eventEnvironment } from './eventEnvironment';
import { RecordedEventsListener } from '../notifications/DeliveryNotifier';

/** An action performed through the portal, as the route that performed it describes it. */
export interface PerformedAction {
  kind: 'rollback' | 'abort' | 'promotion';
  /** An Argo CD application it acted on. */
  instance?: string;
  application?: string;
  /** A Kubernetes object it acted on (a Rollout), by cluster, namespace and name. */
  cluster?: string;
  namespace?: string;
  name?: string;
  revision?: string;
  summary: string;
}

/** What the action frame records an action with (one request is one event). */
export interface ActionEventSink {
  recordAction(options: {
    entityRef: string;
    /** Identifies the request (caller and idempotency key): the event's id comes from it. */
    requestKey: string;
    action: PerformedAction;
    /** Who performed it; else the first line of `requestKey` (the frame puts the caller there). */
    actor?: string;
  }): Promise<void>;
}

/**
 * Writes the events the collector cannot see in Argo CD: actions performed through the portal
 * (rollbacks, aborts, promotions), regression verdicts of the metrics view, and events reported
 * from outside (CI deploying without Argo CD, imported history). Recording the portal's own never
 * fails the request that triggered it: a failure is logged.
 */
export class DeliveryEventRecorder implements ActionEventSink {
  constructor(
    private readonly options: {
      store: DeliveryEventStore;
      productionTargets: ProductionTargets;
      logger: LoggerService;
      now?: () => number;
      /** Told of the events this replica newly recorded (the owners' notifications). */
      notifier?: RecordedEventsListener;
    },
  ) {}

  /** Tells this listener of the events newly recorded from now on. */
  notifyThrough(notifier: RecordedEventsListener): void {
    this.options.notifier = notifier;
  }

  async recordAction(options: {
    entityRef: string;
    requestKey: string;
    action: PerformedAction;
    actor?: string;
  }): Promise<void> {
    const { entityRef, requestKey, action } = options;
    const actor =
      options.actor ??
      (requestKey.includes('\n') ? requestKey.split('\n')[0] : undefined);
    await this.safely(async () => {
      const environment = await eventEnvironment(
        this.options,
        entityRef,
        action,
      );
      const recorded = await this.options.store.record([
        {
          id: deliveryEventId(action.kind, [entityRef, requestKey]),
          kind: action.kind,
          entityRef,
          environment,
          at: new Date((this.options.now ?? Date.now)()).toISOString(),
          ...(action.instance ? { instance: action.instance } : {}),
          ...(action.application ? { application: action.application } : {}),
          ...(action.revision ? { revision: action.revision } : {}),
          source: 'action',
          summary: action.summary,
        },
      ]);
      await this.options.notifier?.recorded(recorded, { actor });
    });
  }

  /**
   * One `regression` event per deploy judged regressed. It is dated when the verdict's window
   * after the deploy ended, i.e. when the regression became visible.
   */
  async recordRegressions(
    entityRef: string,
    deploys: DeployMarkerView[],
  ): Promise<void> {
    const regressed = deploys
      .filter(d => d.verdict.verdict === 'regression')
      .filter(d => !Number.isNaN(Date.parse(d.deployedAt)))
      .map(deploy => ({
        deploy,
        id: deliveryEventId('regression', [
          entityRef,
          deploy.instance,
          deploy.application,
          deploy.id,
          deploy.deployedAt,
        ]),
      }));
    if (regressed.length === 0) return;
    await this.safely(async () => {
      // The metrics view asks on every read: one indexed lookup when all are recorded already.
      const known = await this.options.store.knownIds(regressed.map(r => r.id));
      const events: DeliveryEventView[] = [];
      for (const { deploy, id } of regressed.filter(r => !known.has(r.id))) {
        events.push({
          id,
          kind: 'regression',
          entityRef,
          environment: await eventEnvironment(this.options, entityRef, {
            instance: deploy.instance,
            application: deploy.application,
          }),
          at: new Date(
            Date.parse(deploy.deployedAt) +
              deploy.verdict.windowMinutes * 60_000,
          ).toISOString(),
          instance: deploy.instance,
          application: deploy.application,
          ...(deploy.revision ? { revision: deploy.revision } : {}),
          source: 'verdict',
          summary: deploy.verdict.summary,
        });
      }
      if (events.length > 0) {
        const recorded = await this.options.store.record(events);
        await this.options.notifier?.recorded(recorded);
      }
    });
  }

  /**
   * Stores reported events (already checked and bound to their entity) that are not stored yet.
   * Unlike the portal's own records, a failure here fails the report, so the reporter retries.
   */
  async recordReported(
    events: DeliveryEventView[],
    /** Who reported them: a person reporting their own change is not notified of it. */
    actor?: string,
  ): Promise<{ recorded: number; duplicates: number }> {
    const { store } = this.options;
    const known = await store.knownIds(events.map(e => e.id));
    // What this call inserted (another replica may insert the same events at the same time).
    const recorded = await store.record(events.filter(e => !known.has(e.id)));
    await this.options.notifier?.recorded(recorded, { actor });
    return {
      recorded: recorded.length,
      duplicates: events.length - recorded.length,
    };
  }

  private async safely(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.options.logger.warn(`Recording a delivery event failed: ${error}`);
    }
  }
}
