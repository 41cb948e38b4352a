import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { DeliveryEventView } from '@go-delivery/plugin-delivery-common';
import { testComponent } from '../../__testUtils__/routeTestServices';
import { DeliveryNotifier } from './DeliveryNotifier';
import { readNotificationConfig } from './notificationConfig';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const PAYMENTS = 'component:default/payments-api';
const minutesAgo = (minutes: number) =>
  new Date(NOW - minutes * 60_000).toISOString();

function event(
  kind: DeliveryEventView['kind'],
  extra: Partial<DeliveryEventView> = {},
): DeliveryEventView {
  return {
    id: `${kind}-1`,
    kind,
    entityRef: PAYMENTS,
    environment: 'prod',
    at: minutesAgo(5),
    instance: 'prod',
    application: 'payments-api-prod',
    revision: '3fd7c67e1b2a0000000000000000000000000000',
    source: 'argocd',
    summary: `summary of ${kind}`,
    ...extra,
  };
}

function setUp(
  options: {
    config?: object;
    annotations?: Record<string, string>;
  } = {},
) {
  const send = jest.fn<
    ReturnType<NotificationService['send']>,
    Parameters<NotificationService['send']>
  >(async () => {});
  const logger = mockServices.logger.mock();
  const notifier = new DeliveryNotifier({
    notifications: { send },
    catalog: catalogServiceMock({
      entities: [
        testComponent('payments-api', {
          'argocd/app-name': 'payments-api-prod',
          ...options.annotations,
        }),
      ],
    }),
    auth: mockServices.auth(),
    logger,
    config: readNotificationConfig(
      new ConfigReader({ delivery: { notifications: options.config ?? {} } }),
    ),
    now: () => NOW,
  });
  return { notifier, send, logger };
}

describe('DeliveryNotifier', () => {
  it.each([
    [event('sync-failed'), undefined, 'payments-api-prod: sync failed', 'high'],
    [event('degraded'), undefined, 'payments-api-prod: degraded', 'high'],
    [
      event('regression', { source: 'verdict' }),
      undefined,
      'Deploy of 3fd7c67 to prod regressed',
      'high',
    ],
    [
      event('abort', { source: 'action' }),
      'user:default/alice',
      'Canary of payments-api aborted by user:default/alice',
      'high',
    ],
    [
      event('rollback', { source: 'action' }),
      'user:default/alice',
      'payments-api rolled back in prod by user:default/alice',
      'normal',
    ],
    [
      event('promotion', { source: 'action' }),
      'user:default/alice',
      'payments-api promoted to prod by user:default/alice',
      'normal',
    ],
    [
      event('rollback'),
      undefined,
      'payments-api rolled back in prod',
      'normal',
    ],
  ])(
    'sends one notification to the owners (case %#)',
    async (recorded, actor, title, severity) => {
      const { notifier, send } = setUp();
      await notifier.recorded([recorded], { actor });
      expect(send).toHaveBeenCalledTimes(1);
      expect(send).toHaveBeenCalledWith({
        recipients: {
          type: 'entity',
          entityRef: PAYMENTS,
          // The person who acted is not told of their own action.
          ...(actor ? { excludeEntityRef: actor } : {}),
        },
        payload: {
          title,
          description: `summary of ${recorded.kind}`,
          link: '/catalog/default/component/payments-api/delivery',
          severity,
          topic: `delivery:${recorded.kind}`,
          scope: recorded.id,
        },
      });
    },
  );

  it('never notifies of a deploy, and excludes only a user actor (a service principal is named)', async () => {
    const { notifier, send } = setUp();
    await notifier.recorded([event('deploy')]);
    expect(send).not.toHaveBeenCalled();
    await notifier.recorded([event('abort')], {
      actor: 'external:ci-bot',
    });
    expect(send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: PAYMENTS },
      payload: expect.objectContaining({
        title: 'Canary of payments-api aborted by external:ci-bot',
      }),
    });
  });

  it('does not notify of events older than maxAgeMinutes (a backfill of history)', async () => {
    const { notifier, send } = setUp();
    await notifier.recorded([
      event('sync-failed', { at: minutesAgo(61) }),
      event('degraded', { at: '2025-12-01T00:00:00Z' }),
    ]);
    expect(send).not.toHaveBeenCalled();
    const longer = setUp({ config: { maxAgeMinutes: 120 } });
    await longer.notifier.recorded([
      event('sync-failed', { at: minutesAgo(61) }),
    ]);
    expect(longer.send).toHaveBeenCalledTimes(1);
  });

  it('notifies only of the configured kinds, and of nothing when disabled', async () => {
    const some = setUp({ config: { events: ['regression', 'abort'] } });
    await some.notifier.recorded([
      event('sync-failed'),
      event('regression'),
      event('rollback'),
      event('abort'),
    ]);
    expect(some.send.mock.calls.map(c => c[0].payload.topic)).toEqual([
      'delivery:regression',
      'delivery:abort',
    ]);
    const off = setUp({ config: { enabled: false } });
    await off.notifier.recorded([event('sync-failed')]);
    expect(off.send).not.toHaveBeenCalled();
    expect(() =>
      readNotificationConfig(
        new ConfigReader({
          delivery: { notifications: { events: ['deploy'] } },
        }),
      ),
    ).toThrow(/"deploy" is not one of/);
  });

  it("narrows the kinds by the entity's go-delivery.dev/notify annotation", async () => {
    const narrowed = setUp({
      annotations: { 'go-delivery.dev/notify': ' Regression , rollback ' },
      config: { events: ['regression', 'sync-failed'] },
    });
    await narrowed.notifier.recorded([
      event('sync-failed'),
      event('regression'),
      event('rollback'),
    ]);
    // rollback is allowed by the annotation but not by the config: the annotation only narrows.
    expect(narrowed.send.mock.calls.map(c => c[0].payload.topic)).toEqual([
      'delivery:regression',
    ]);

    const none = setUp({ annotations: { 'go-delivery.dev/notify': 'none' } });
    await none.notifier.recorded([event('sync-failed'), event('abort')]);
    expect(none.send).not.toHaveBeenCalled();
  });

  it('ignores a bad annotation with a log line, notifying as configured', async () => {
    const bad = setUp({
      annotations: { 'go-delivery.dev/notify': 'sync-failed,deploys' },
    });
    await bad.notifier.recorded([event('degraded')]);
    expect(bad.send).toHaveBeenCalledTimes(1);
    expect(bad.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "Ignoring an annotation of component:default/payments-api, notifying as configured: Annotation 'go-delivery.dev/notify' is invalid",
      ),
    );
  });

  it('notifies nobody of an entity gone from the catalog, and never throws when sending fails', async () => {
    const { notifier, send, logger } = setUp();
    await notifier.recorded([
      event('sync-failed', { entityRef: 'component:default/gone' }),
    ]);
    expect(send).not.toHaveBeenCalled();
    send.mockRejectedValueOnce(new Error('notifications backend is down'));
    await expect(
      notifier.recorded([event('sync-failed')]),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('notifications backend is down'),
    );
  });
});
