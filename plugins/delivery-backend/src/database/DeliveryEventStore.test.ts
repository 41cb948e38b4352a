import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { DeliveryEventView } from '@go-delivery/plugin-delivery-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from './applyDatabaseMigrations';
import { DeliveryEventStore } from './DeliveryEventStore';
import { storeTestDatabases } from '../__testUtils__/storeDatabases';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

const at = (day: number, hour = 12) =>
  new Date(Date.UTC(2026, 0, day, hour, 0, 0, 123)).toISOString();

function deploy(
  entity: string,
  day: number,
  extra: Partial<DeliveryEventView> = {},
): DeliveryEventView {
  return {
    id: `deploy-${entity}-${day}`,
    kind: 'deploy',
    entityRef: `component:default/${entity}`,
    environment: 'prod',
    at: at(day),
    finishedAt: at(day, 13),
    instance: 'prod',
    application: `${entity}-prod`,
    revision: `rev-${day}`,
    result: 'succeeded',
    source: 'argocd',
    summary: `deployed rev-${day}`,
    ...extra,
  };
}

describe.each(databases.eachSupportedId())(
  'DeliveryEventStore on %s',
  databaseId => {
    let knex: Knex;
    let store: DeliveryEventStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      const database = mockServices.database({ knex });
      await applyDatabaseMigrations(database);
      store = new DeliveryEventStore(knex);
    });

    beforeEach(async () => {
      await knex('delivery_events').delete();
      await knex('delivery_event_collections').delete();
    });

    it('records an event once however often it is seen, and reads it back as written', async () => {
      const first = deploy('payments-api', 2, {
        committedAt: at(1),
        image: 'ghcr.io/example-org/payments-api:1.2.3',
      });
      await store.record([first, deploy('payments-api', 3)]);
      await store.record([
        { ...first, summary: 'seen again' },
        deploy('payments-api', 3),
      ]);
      const events = await store.listEvents({
        entityRefs: ['component:default/payments-api'],
        from: new Date(at(1)),
        to: new Date(at(31)),
      });
      expect(events).toEqual([first, deploy('payments-api', 3)]);
      expect(await store.knownIds([first.id, 'deploy-unknown'])).toEqual(
        new Set([first.id]),
      );
    });

    it('returns the events a call inserted: of two stores on one database recording the same fact, one gets it', async () => {
      const other = new DeliveryEventStore(knex);
      const events = [deploy('payments-api', 2), deploy('payments-api', 3)];
      const [a, b] = await Promise.all([
        store.record([events[0]]),
        other.record([events[0]]),
      ]);
      expect([...a, ...b]).toEqual([events[0]]);
      expect(await other.record([...events, events[1]])).toEqual([events[1]]);
      expect(await store.record(events)).toEqual([]);
      const many = Array.from({ length: 250 }, (_, i) =>
        deploy(`svc-${i}`, 1 + (i % 28)),
      );
      expect(await store.record(many)).toHaveLength(250);
    });

    it('reads the events of many entities in a period in one go, oldest first, by environment', async () => {
      const events: DeliveryEventView[] = [];
      for (let i = 0; i < 250; i++) {
        events.push(deploy(`svc-${i}`, 1 + (i % 28)));
      }
      events.push(
        deploy('svc-0', 29, { id: 'staging', environment: 'staging' }),
      );
      await store.record(events);
      const refs = Array.from(
        { length: 250 },
        (_, i) => `component:default/svc-${i}`,
      );
      const started = Date.now();
      const read = await store.listEvents({
        entityRefs: refs,
        from: new Date(at(1, 0)),
        to: new Date(at(31)),
        environment: 'prod',
      });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(read).toHaveLength(250);
      expect(read.map(e => e.at)).toEqual([...read.map(e => e.at)].sort());
      const inPeriod = await store.listEvents({
        entityRefs: ['component:default/svc-0'],
        from: new Date(at(2)),
        to: new Date(at(31)),
      });
      expect(inPeriod.map(e => e.id)).toEqual(['staging']);
      expect(
        (await store.environments(['component:default/svc-0'])).get(
          'component:default/svc-0',
        ),
      ).toEqual(expect.arrayContaining(['prod', 'staging']));
    });

    it("knows an application's deploys, their commit times and environment", async () => {
      await store.record([
        deploy('orders-api', 5, { committedAt: at(4) }),
        deploy('orders-api', 6),
      ]);
      const app = {
        entityRef: 'component:default/orders-api',
        instance: 'prod',
        application: 'orders-api-prod',
      };
      expect(await store.deploysOf(app)).toEqual([
        {
          at: Date.parse(at(5)),
          revision: 'rev-5',
          committedAt: at(4),
        },
        { at: Date.parse(at(6)), revision: 'rev-6' },
      ]);
      expect(await store.commitTimes(['rev-5', 'rev-6'])).toEqual(
        new Map([['rev-5', at(4)]]),
      );
      expect(await store.environmentOf(app)).toBe('prod');
    });

    it('keeps the last collection time per entity', async () => {
      await store.markCollected('component:default/a', new Date(at(1)));
      await store.markCollected('component:default/a', new Date(at(2)));
      expect(
        await store.collectedAt(['component:default/a', 'component:default/b']),
      ).toEqual(new Map([['component:default/a', new Date(at(2))]]));
    });
  },
);
