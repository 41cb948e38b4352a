import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createArgoCdClients } from '@go-delivery/plugin-delivery-node';
import {
  cloneFixtures,
  FakeArgoCd,
  loadArgoCdFixtures,
} from '@go-delivery/sandbox';
import { Knex } from 'knex';
import { assertArgoCdApplication } from '../../__testUtils__/argoCdFixtureVariants';
import { testComponent } from '../../__testUtils__/routeTestServices';
import { applyDatabaseMigrations } from '../../database/applyDatabaseMigrations';
import { DeliveryEventStore } from '../../database/DeliveryEventStore';
import { ArgoCdReads } from '../../upstreams/argocd/ArgoCdReads';
import { CachedLoader } from '../../upstreams/cache/CachedLoader';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { DoraCollector } from './DoraCollector';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});
const NOW = Date.parse('2026-01-20T00:00:00Z');
const LEDGER = 'component:default/ledger';
const PAYMENTS = 'component:default/payments-api';

/**
 * A multi-source application (chart + values) made from the payments fixture: three deploys
 * whose history entries carry `revisions`, the third returning to the first's revisions.
 */
function multiSourceLedger(template: any): any {
  const app = JSON.parse(JSON.stringify(template));
  app.metadata.name = 'ledger-prod';
  app.metadata.labels = { environment: 'prod' };
  const values = {
    repoURL: 'https://github.com/example-org/ledger-values',
    path: 'prod',
    targetRevision: 'main',
  };
  app.spec.sources = [app.spec.source, values];
  delete app.spec.source;
  const revisions = [
    ['1111111111111111111111111111111111111111', 'a'.repeat(40)],
    ['2222222222222222222222222222222222222222', 'b'.repeat(40)],
    ['1111111111111111111111111111111111111111', 'a'.repeat(40)],
  ];
  app.status.history = revisions.map((pair, id) => ({
    id,
    revisions: pair,
    deployedAt: `2026-01-1${id + 1}T12:00:00Z`,
    deployStartedAt: `2026-01-1${id + 1}T11:59:00Z`,
    sources: app.spec.sources,
    initiatedBy: { username: 'carol' },
  }));
  app.status.sync = { status: 'Synced', revisions: revisions[2] };
  delete app.status.operationState;
  app.status.health = {
    status: 'Degraded',
    message: 'Deployment ledger exceeded its progress deadline',
    lastTransitionTime: '2026-01-13T12:30:00Z',
  };
  return app;
}

describe('DoraCollector', () => {
  const fixtures = cloneFixtures(loadArgoCdFixtures().prod);
  fixtures.applications['ledger-prod'] = multiSourceLedger(
    fixtures.applications['payments-api-prod'],
  );
  let fake: FakeArgoCd;
  let knex: Knex;
  let store: DeliveryEventStore;

  beforeAll(async () => {
    // Every application the fake serves is one by Argo CD's published schema.
    Object.values(fixtures.applications).forEach(assertArgoCdApplication);
    fake = await FakeArgoCd.start({ name: 'prod', fixtures, tokens: ['t'] });
    knex = await databases.init('SQLITE_3' as TestDatabaseId);
    await applyDatabaseMigrations(mockServices.database({ knex }));
    store = new DeliveryEventStore(knex);
  });

  afterAll(async () => {
    await fake.stop();
  });

  beforeEach(async () => {
    await knex('delivery_events').delete();
    await knex('delivery_event_collections').delete();
    fake.requests.length = 0;
  });

  function collector(instances: Array<{ name: string; url: string }>) {
    const catalog = catalogServiceMock.mock({
      getEntities: async () => ({
        items: [
          testComponent('payments-api', {
            'argocd/app-name': 'payments-api-prod',
          }),
          testComponent('ledger', { 'argocd/app-name': 'ledger-prod' }),
        ],
      }),
    });
    return new DoraCollector({
      catalog,
      auth: mockServices.auth(),
      argocd: new ArgoCdReads({
        instances: new InstanceRegistry(
          'argocd',
          createArgoCdClients({
            instances: instances.map(i => ({
              ...i,
              auth: { type: 'token', token: 't' },
              timeoutMs: 1000,
            })),
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
    });
  }

  const metadataReads = () =>
    fake.requests.filter(r => r.path.includes('/revisions/'));
  const all = () =>
    store.listEvents({
      entityRefs: [PAYMENTS, LEDGER],
      from: new Date(0),
      to: new Date(NOW),
    });

  it('records each deploy once however many passes see it, asking for each commit once', async () => {
    const prod = [{ name: 'prod', url: fake.url }];
    const first = await collector(prod).collect();
    expect(first).toMatchObject({ entities: 2, failures: [], deferred: 0 });
    const recorded = await all();
    const history = fixtures.applications['payments-api-prod'].status
      .history as any[];
    const payments = recorded.filter(
      e => e.entityRef === PAYMENTS && e.kind === 'deploy',
    );
    expect(payments).toHaveLength(history.length);
    // The fake's commits are made 2 min before the deploy starts.
    expect(payments[0]).toMatchObject({
      environment: 'prod',
      instance: 'prod',
      application: 'payments-api-prod',
      revision: history[0].revision,
      at: '2026-01-10T11:59:40.000Z',
      finishedAt: '2026-01-10T12:00:00.000Z',
      committedAt: '2026-01-10T11:57:40.000Z',
      result: 'succeeded',
    });
    // The newest deploy runs the image the application reports.
    expect(payments[payments.length - 1].image).toBe(
      'ghcr.io/example-org/payments-api:1.7.2',
    );
    // One read per deploy of payments (6 revisions) and per distinct ledger revision set (2).
    expect(metadataReads()).toHaveLength(history.length + 2);

    fake.requests.length = 0;
    const second = await collector(prod).collect();
    expect(second.failures).toEqual([]);
    expect(await all()).toEqual(recorded);
    expect(metadataReads()).toEqual([]);
    expect((await store.collectedAt([PAYMENTS])).get(PAYMENTS)?.getTime()).toBe(
      NOW,
    );
  });

  it('counts a multi-source deploy once, and a return to earlier revisions as a rollback', async () => {
    await collector([{ name: 'prod', url: fake.url }]).collect();
    const ledger = (await all()).filter(e => e.entityRef === LEDGER);
    const first = `${'1'.repeat(40)},${'a'.repeat(40)}`;
    const second = `${'2'.repeat(40)},${'b'.repeat(40)}`;
    expect(ledger.map(e => [e.kind, e.revision])).toEqual([
      ['deploy', first],
      ['deploy', second],
      ['deploy', first],
      ['rollback', first],
      // Health from the application's status, at what it syncs: every source's revision.
      ['degraded', first],
    ]);
    // The revision asked for is the first source's, with its index and the deploy's id.
    const ledgerReads = metadataReads().filter(r =>
      r.path.includes('ledger-prod'),
    );
    expect(ledgerReads[0]).toMatchObject({
      path: `/api/v1/applications/ledger-prod/revisions/${'1'.repeat(
        40,
      )}/metadata`,
      query: expect.objectContaining({ sourceIndex: ['0'], versionId: ['0'] }),
    });
    // The third deploy's commit was known from the first: not asked again.
    expect(ledgerReads).toHaveLength(2);
  });

  it('records the instances that answer when another is down', async () => {
    const summary = await collector([
      { name: 'prod', url: fake.url },
      { name: 'dr', url: 'http://127.0.0.1:9' },
    ]).collect();
    expect(summary.failures).toEqual([
      expect.objectContaining({
        entityRef: PAYMENTS,
        instance: 'dr',
        reason: 'unreachable',
      }),
      expect.objectContaining({ entityRef: LEDGER, instance: 'dr' }),
    ]);
    const recorded = await all();
    expect(recorded.filter(e => e.kind === 'deploy')).toHaveLength(6 + 3);
    // Not marked collected: the down instance may hold deploys this pass did not see.
    expect((await store.collectedAt([PAYMENTS])).size).toBe(0);
  });
});
