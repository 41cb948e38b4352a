import {
  DeliveryEventsReportResponse,
  deliveryEventsReportPermission,
} from '@go-delivery/plugin-delivery-common';
import Router from 'express-promise-router';
import { ActionFrameServices, entityAction } from '../actions/entityAction';
import { DeliveryEventRecorder } from '../services/dora/DeliveryEventRecorder';
import {
  readReportedEvents,
  toStoredEvents,
} from '../services/dora/reportedEvents';

/**
 * `POST /entities/:kind/:namespace/:name/events` with `{ "events": [...] }`: delivery events the
 * collector cannot see (CI deploying without Argo CD, a team importing its history). Bound to the
 * entity of the path, `delivery.events.report` for users, an explicit grant for services; each
 * event is stored once by its id, so a retry or a second replica records nothing twice.
 */
export function eventReportRoutes(
  options: ActionFrameServices & {
    deliveryEvents: DeliveryEventRecorder;
    now?: () => number;
  },
) {
  const { deliveryEvents } = options;
  const now = options.now ?? Date.now;
  const router = Router();
  router.post(
    '/entities/:kind/:namespace/:name/events',
    entityAction(options, {
      eventId: 'delivery-events-report',
      severity: 'low',
      parse: req => readReportedEvents(req.body, now()),
      auditTarget: events => ({
        events: events.length,
        kinds: [...new Set(events.map(e => e.kind))],
      }),
      permission: () => deliveryEventsReportPermission,
      act: async ({ body: events, targets, actor }) => {
        const counts = await deliveryEvents.recordReported(
          toStoredEvents(events, targets.entityRef),
          actor,
        );
        const response: DeliveryEventsReportResponse = {
          entityRef: targets.entityRef,
          ...counts,
        };
        return response;
      },
      summarize: ({ recorded, duplicates }) => ({ recorded, duplicates }),
      status: 201,
    }),
  );
  return router;
}
