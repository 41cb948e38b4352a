import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DeployMarkerView } from '@go-delivery/plugin-delivery-common';
import { ProductionTargets } from '../../actions/confirmation';
import { applyDatabaseMigrations } from '../../database/applyDatabaseMigrations';
import { DeliveryEventStore } from '../../database/DeliveryEventStore';
import { DeliveryEventRecorder } from './DeliveryEventRecorder';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

function marker(
  id: number,
  verdict: 'regression' | 'healthy',
): DeployMarkerView {
  return {
    deployedAt: `2026-03-0${id}T12:00:00.000Z`,
    revision: `rev-${id}`,
    id,
    application: 'payments-api-prod',
    instance: 'prod',
    verdict: {
      verdict,
      summary: `verdict of deploy ${id}`,
      windowMinutes: 30,
      thresholds: { maxErrorRateIncrease: 0.01, maxP95IncreasePercent: 20 },
    },
  };
}

describe('DeliveryEventRecorder.recordRegressions', () => {
  it('records each regressed deploy once, dated when its window ended, however often the view is read', async () => {
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(mockServices.database({ knex }));
    const store = new DeliveryEventStore(knex);
    const record = jest.spyOn(store, 'record');
    const recorder = new DeliveryEventRecorder({
      store,
      productionTargets: new ProductionTargets(),
      logger: mockServices.logger.mock(),
    });
    const deploys = [marker(1, 'healthy'), marker(2, 'regression')];
    await recorder.recordRegressions('component:default/payments-api', deploys);
    await recorder.recordRegressions('component:default/payments-api', deploys);

    const events = await store.listEvents({
      entityRefs: ['component:default/payments-api'],
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-04-01T00:00:00Z'),
    });
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'regression',
        // The application's name says the environment.
        environment: 'prod',
        at: '2026-03-02T12:30:00.000Z',
        revision: 'rev-2',
        source: 'verdict',
        summary: 'verdict of deploy 2',
      }),
    ]);
    // The second read found it recorded and wrote nothing.
    expect(record).toHaveBeenCalledTimes(1);
    await knex.destroy();
  });
});

describe('DeliveryEventRecorder.recordAction', () => {
  it('dates an action on a Rollout in the environment its names say, else its cluster, else the default', async () => {
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(mockServices.database({ knex }));
    const store = new DeliveryEventStore(knex);
    const recorder = new DeliveryEventRecorder({
      store,
      productionTargets: new ProductionTargets(),
      logger: mockServices.logger.mock(),
    });
    const entityRef = 'component:default/payments-api';
    const promote = (requestKey: string, rollout: object) =>
      recorder.recordAction({
        entityRef,
        requestKey,
        action: { kind: 'promotion', ...rollout, summary: requestKey },
      });
    // Nothing recorded yet for the entity: only the Rollout itself can say where it runs.
    await promote('named', {
      cluster: 'eu-1',
      namespace: 'payments-staging',
      name: 'payments-api',
    });
    await promote('on the prod cluster', {
      cluster: 'prod',
      namespace: 'payments',
      name: 'payments-api',
    });
    await promote('nowhere said', {
      cluster: 'eu-1',
      namespace: 'payments',
      name: 'payments-api',
    });

    const events = await store.listEvents({
      entityRefs: [entityRef],
      from: new Date(Date.now() - 60_000),
      to: new Date(Date.now() + 60_000),
    });
    expect(
      Object.fromEntries(events.map(e => [e.summary, e.environment])),
    ).toEqual({
      named: 'staging',
      'on the prod cluster': 'prod',
      // The entity's events by now are staging and prod: the production-like one.
      'nowhere said': 'prod',
    });
    await knex.destroy();
  });
});
