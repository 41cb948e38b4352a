import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { createArgoCdClients } from '@go-delivery/plugin-delivery-node';
import {
  cloneFixtures,
  FakeArgoCd,
  loadArgoCdFixtures,
} from '@go-delivery/sandbox';
import { Knex } from 'knex';
import { ProductionTargets } from '../../actions/confirmation';
import { storeTestDatabases } from '../../__testUtils__/storeDatabases';
import { testComponent } from '../../__testUtils__/routeTestServices';
import { applyDatabaseMigrations } from '../../database/applyDatabaseMigrations';
import { DeliveryEventStore } from '../../database/DeliveryEventStore';
import { ArgoCdReads } from '../../upstreams/argocd/ArgoCdReads';
import { CachedLoader } from '../../upstreams/cache/CachedLoader';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { DeliveryEventRecorder } from '../dora/DeliveryEventRecorder';
import { DoraCollector } from '../dora/DoraCollector';
import { DeliveryNotifier } from './DeliveryNotifier';
import { readNotificationConfig } from './notificationConfig';

jest.setTimeout(120_000);

const databases = storeTestDatabases();
const NOW = Date.parse('2026-03-02T12:00:00Z');
const PAYMENTS = 'component:default/payments-api';
const entities = [
  testComponent('payments-api', { 'argocd/app-name': 'payments-api-prod' }),
];

/** One backend replica: its own store, recorder and notifier on the shared database. */
function replica(knex: Knex, send: NotificationService['send']) {
  const store = new DeliveryEventStore(knex);
  const notifier = new DeliveryNotifier({
    notifications: { send },
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    config: readNotificationConfig(new ConfigReader({})),
    now: () => NOW,
  });
  const recorder = new DeliveryEventRecorder({
    store,
    productionTargets: new ProductionTargets(),
    logger: mockServices.logger.mock(),
    now: () => NOW,
    notifier,
  });
  return { store, notifier, recorder };
}

describe.each(databases.eachSupportedId())(
  'notifications of recorded events on %s',
  databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      await applyDatabaseMigrations(mockServices.database({ knex }));
    });

    beforeEach(async () => {
      await knex('delivery_events').delete();
    });

    it("two replicas recording the same person's action send one notification, not to that person", async () => {
      const send = jest.fn(async () => {});
      const [a, b] = [replica(knex, send), replica(knex, send)];
      const performed = {
        entityRef: PAYMENTS,
        requestKey: 'user:default/alice\nkey-1',
        action: {
          kind: 'rollback' as const,
          instance: 'prod',
          application: 'payments-api-prod',
          summary: 'Rolled back payments-api-prod to 3fd7c67',
        },
      };
      await Promise.all([
        a.recorder.recordAction(performed),
        b.recorder.recordAction(performed),
      ]);
      await a.recorder.recordAction(performed);
      expect(send).toHaveBeenCalledTimes(1);
      expect(send).toHaveBeenCalledWith({
        recipients: {
          type: 'entity',
          entityRef: PAYMENTS,
          excludeEntityRef: 'user:default/alice',
        },
        payload: expect.objectContaining({
          title: 'payments-api rolled back in prod by user:default/alice',
          description: 'Rolled back payments-api-prod to 3fd7c67',
          severity: 'normal',
          topic: 'delivery:rollback',
        }),
      });
    });

    it('two replicas judging the same deploy regressed send one notification; an old verdict none', async () => {
      const send = jest.fn(async () => {});
      const [a, b] = [replica(knex, send), replica(knex, send)];
      const marker = (deployedAt: string) => ({
        deployedAt,
        revision: '3fd7c67e1b2a',
        id: 7,
        application: 'payments-api-prod',
        instance: 'prod',
        verdict: {
          verdict: 'regression' as const,
          summary: 'Error rate rose from 0.1 % to 4 %',
          windowMinutes: 30,
          thresholds: { maxErrorRateIncrease: 0.01, maxP95IncreasePercent: 20 },
        },
      });
      const recent = [marker('2026-03-02T11:20:00.000Z')];
      await Promise.all([
        a.recorder.recordRegressions(PAYMENTS, recent),
        b.recorder.recordRegressions(PAYMENTS, recent),
        b.recorder.recordRegressions(PAYMENTS, recent),
      ]);
      await a.recorder.recordRegressions(PAYMENTS, [
        marker('2025-12-02T11:20:00.000Z'),
      ]);
      expect(send).toHaveBeenCalledTimes(1);
      expect(send).toHaveBeenCalledWith({
        recipients: { type: 'entity', entityRef: PAYMENTS },
        payload: expect.objectContaining({
          title: 'Deploy of 3fd7c67 to prod regressed',
          severity: 'high',
          link: '/catalog/default/component/payments-api/delivery',
        }),
      });
    });
  },
);

describe('notifications of the collector', () => {
  const sqlite = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });
  const fixtures = cloneFixtures(loadArgoCdFixtures().prod);
  const app = fixtures.applications['payments-api-prod'];
  app.status.health = {
    status: 'Degraded',
    message: 'Deployment payments-api exceeded its progress deadline',
    lastTransitionTime: '2026-03-02T11:50:00Z',
  };
  app.status.operationState = {
    ...app.status.operationState,
    phase: 'Failed',
    message: 'one or more objects failed to apply',
    startedAt: '2026-03-02T11:40:00Z',
    finishedAt: '2026-03-02T11:41:00Z',
  };
  let fake: FakeArgoCd;

  beforeAll(async () => {
    fake = await FakeArgoCd.start({ name: 'prod', fixtures, tokens: ['t'] });
  });

  afterAll(async () => {
    await fake.stop();
  });

  function collector(knex: Knex, send: NotificationService['send']) {
    const { store, notifier } = replica(knex, send);
    return new DoraCollector({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      argocd: new ArgoCdReads({
        instances: new InstanceRegistry(
          'argocd',
          createArgoCdClients({
            instances: [
              {
                name: 'prod',
                url: fake.url,
                auth: { type: 'token', token: 't' },
                timeoutMs: 1000,
              },
            ],
            sessionLifetimeMs: 60_000,
          }),
        ),
        loader: new CachedLoader({
          cache: mockServices.cache.mock(),
          ttlMs: 0,
          logger: mockServices.logger.mock(),
        }),
      }),
      store,
      logger: mockServices.logger.mock(),
      config: { maxEntitiesPerPass: 100, maxRevisionReadsPerPass: 100 },
      now: () => NOW,
      notifier,
    });
  }

  it('two replicas passing at once send one notification per incident, none for the backfilled history', async () => {
    const knex = await sqlite.init('SQLITE_3');
    await applyDatabaseMigrations(mockServices.database({ knex }));
    const send = jest.fn(async () => {});
    const [a, b] = [collector(knex, send), collector(knex, send)];
    await Promise.all([a.collect(), b.collect()]);
    await a.collect();
    // The history's deploys and rollbacks (January) are recorded, but are too old to notify.
    const stored: Array<{ kind: string }> = await knex('delivery_events');
    expect(stored.some(e => e.kind === 'deploy')).toBe(true);
    expect(
      (send.mock.calls as any[]).map(c => c[0].payload.title).sort(),
    ).toEqual([
      'payments-api-prod: degraded',
      'payments-api-prod: sync failed',
    ]);
    await knex.destroy();
  });
});
