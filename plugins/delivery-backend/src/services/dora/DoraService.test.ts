import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { ProductionTargets } from '../../actions/confirmation';
import { applyDatabaseMigrations } from '../../database/applyDatabaseMigrations';
import { DeliveryEventStore } from '../../database/DeliveryEventStore';
import { DEFAULT_DORA_SETTINGS } from './computeDora';
import { DoraService } from './DoraService';
import { inventory, orders, payments, TO } from './__fixtures__/threeServices';
import { storeTestDatabases } from '../../__testUtils__/storeDatabases';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

/*
 * The figures of the synthetic three-service history, stored and read back through the event
 * store: the same numbers computeDora.test.ts works out by hand from the events themselves, so
 * nothing is lost or reordered on the way through either database.
 */
describe.each(databases.eachSupportedId())(
  'DORA figures through the store on %s',
  databaseId => {
    let knex: Knex;
    let dora: DoraService;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      await applyDatabaseMigrations(mockServices.database({ knex }));
      const store = new DeliveryEventStore(knex);
      // Twice: the second time is a collector seeing the same history again.
      await store.record([...payments, ...orders, ...inventory]);
      await store.record([...payments, ...orders, ...inventory]);
      dora = new DoraService({
        store,
        productionTargets: new ProductionTargets(),
        settings: DEFAULT_DORA_SETTINGS,
        now: () => TO,
      });
    });

    afterAll(async () => {
      await knex?.destroy();
    });

    it("computes each service's figures from its stored events", async () => {
      const pay = await dora.entityDora({
        entityRef: 'component:default/payments-api',
        days: 90,
      });
      expect(pay.environment).toBe('prod');
      // 19 deploys / 12.857 weeks; median lead 2.1667 h; 1 of 19 failed; restored in 10 min.
      expect(pay.figures.deploymentFrequency).toMatchObject({
        value: 1.48,
        level: 'high',
        eventCount: 19,
      });
      expect(pay.figures.leadTimeForChanges).toMatchObject({
        value: 2.17,
        level: 'elite',
      });
      expect(pay.figures.changeFailureRate).toMatchObject({
        value: 0.0526,
        level: 'high',
      });
      expect(pay.figures.timeToRestore).toMatchObject({
        value: 0.17,
        level: 'elite',
      });
      // The cited events come back newest first, the rollback among them.
      expect(pay.events.map(e => e.kind)).toContain('rollback');
      const times = pay.events.map(e => Date.parse(e.at));
      expect([...times].sort((a, b) => b - a)).toEqual(times);

      const ord = await dora.entityDora({
        entityRef: 'component:default/orders-api',
        days: 90,
      });
      // 13 deploys / 12.857 weeks → 1.01 per week.
      expect(ord.figures.deploymentFrequency).toMatchObject({
        value: 1.01,
        level: 'high',
      });
      const inv = await dora.entityDora({
        entityRef: 'component:default/inventory-api',
        days: 90,
      });
      // Regression at +30 min, hotfix ended at +120 min: 1.5 h.
      expect(inv.figures.timeToRestore).toMatchObject({
        value: 1.5,
        level: 'high',
      });
    });

    it('computes the team over every event together', async () => {
      const team = await dora.teamDora({
        groupRef: 'group:default/team-a',
        days: 90,
        services: [
          { entityRef: 'component:default/inventory-api' },
          { entityRef: 'component:default/orders-api' },
          { entityRef: 'component:default/payments-api' },
        ],
      });
      expect(
        team.services.map(s => s.figures.deploymentFrequency.eventCount),
      ).toEqual([4, 13, 19]);
      // 36 deploys → 2.8 per week; 3 of 36 failed → 0.0833; restores 0.1667, 1.5, 23.3333 h.
      expect(team.aggregate.deploymentFrequency).toMatchObject({
        value: 2.8,
        eventCount: 36,
      });
      expect(team.aggregate.leadTimeForChanges.value).toBe(2.17);
      expect(team.aggregate.changeFailureRate.value).toBe(0.0833);
      expect(team.aggregate.timeToRestore.value).toBe(1.5);
    });
  },
);
