import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DeliveryEventView,
  EntityDoraResponse,
  TeamDoraResponse,
} from '@go-delivery/plugin-delivery-common';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { ProductionTargets } from '../actions/confirmation';
import { ServiceAccess, ServiceGrant } from '../actions/serviceAccess';
import {
  recordingAuditor,
  testComponent,
} from '../__testUtils__/routeTestServices';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { DeliveryEventStore } from '../database/DeliveryEventStore';
import { DEFAULT_DORA_SETTINGS } from '../services/dora/computeDora';
import { DoraService } from '../services/dora/DoraService';
import { doraRoutes } from './doraRoutes';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const NOW = Date.parse('2026-03-31T00:00:00Z');
const DAY = 86_400_000;
const ALICE = mockCredentials.user('user:default/alice');
const OUTSIDER = 'user:default/outsider';

function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

const otherTeams = testComponent('billing', {});
otherTeams.spec!.owner = 'team-b';
const entities: Entity[] = [
  testComponent('payments-api', { 'argocd/app-name': 'payments-api-prod' }),
  testComponent('orders-api', { 'argocd/app-name': 'orders-api-prod' }),
  testComponent('secret-service', {}),
  otherTeams,
  group('team-a'),
  group('team-secret'),
];
const HIDDEN = [
  'component:default/secret-service',
  'group:default/team-secret',
];

/** The caller sees every entity but, an outsider, the hidden ones. */
const catalog = catalogServiceMock.mock({
  async getEntityByRef(ref, options) {
    const wanted = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
    const principal = (options as any)?.credentials?.principal;
    if (HIDDEN.includes(wanted) && principal?.userEntityRef === OUTSIDER) {
      return undefined;
    }
    return entities.find(e => stringifyEntityRef(e) === wanted);
  },
  async getEntities(_request, options) {
    const principal = (options as any)?.credentials?.principal;
    return {
      items: entities.filter(
        e =>
          principal?.userEntityRef !== OUTSIDER ||
          !HIDDEN.includes(stringifyEntityRef(e)),
      ),
    };
  },
});

function deployEvent(
  entity: string,
  day: number,
  environment = 'prod',
): DeliveryEventView {
  const at = NOW - day * DAY;
  return {
    id: `deploy-${entity}-${environment}-${day}`,
    kind: 'deploy',
    entityRef: `component:default/${entity}`,
    environment,
    at: new Date(at).toISOString(),
    finishedAt: new Date(at + 600_000).toISOString(),
    committedAt: new Date(at - 3_600_000).toISOString(),
    result: 'succeeded',
    source: 'argocd',
    summary: 'deployed',
  };
}

describe('DORA routes', () => {
  let knex: Knex;
  let store: DeliveryEventStore;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(mockServices.database({ knex }));
    store = new DeliveryEventStore(knex);
    // payments-api: 10 prod deploys (days 1–10 ago), 3 staging ones, and one 100 days ago;
    // orders-api: 4 prod deploys; billing (team-b): 5.
    await store.record([
      ...Array.from({ length: 10 }, (_, i) =>
        deployEvent('payments-api', i + 1),
      ),
      ...[1, 2, 3].map(d => deployEvent('payments-api', d, 'staging')),
      deployEvent('payments-api', 100),
      ...[5, 12, 19, 26].map(d => deployEvent('orders-api', d)),
      ...[1, 2, 3, 4, 5].map(d => deployEvent('billing', d)),
    ]);
    await store.markCollected(
      'component:default/payments-api',
      new Date(NOW - 60_000),
    );
  });

  function createApp(
    options: {
      credentials?: BackstageCredentials;
      grants?: ServiceGrant[];
    } = {},
  ) {
    const { auditor, audit } = recordingAuditor();
    const app = express();
    app.use(
      doraRoutes({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: options.credentials ?? ALICE,
        }),
        auditor,
        catalog,
        serviceAccess: new ServiceAccess(options.grants ?? []),
        dora: new DoraService({
          store,
          productionTargets: new ProductionTargets(),
          settings: DEFAULT_DORA_SETTINGS,
          now: () => NOW,
        }),
      }),
    );
    app.use(mockErrorHandler());
    return { app, audit };
  }

  it("answers a service's figures for its production environment by default", async () => {
    const { app, audit } = createApp();
    const res = await request(app)
      .get('/entities/component/default/payments-api/dora')
      .expect(200);
    const body: EntityDoraResponse = res.body;
    expect(body).toMatchObject({
      entityRef: 'component:default/payments-api',
      environment: 'prod',
      environments: ['staging', 'prod'],
      period: {
        days: 90,
        to: '2026-03-31T00:00:00.000Z',
        from: '2025-12-31T00:00:00.000Z',
      },
      collectedAt: '2026-03-30T23:59:00.000Z',
    });
    // 10 deploys in 90 days (the one 100 days ago is outside): 10 / (90 / 7) = 0.78 per week.
    expect(body.figures.deploymentFrequency).toMatchObject({
      value: 0.78,
      level: 'medium',
      eventCount: 10,
    });
    // Each deploy ended 1 h 10 min after its commit.
    expect(body.figures.leadTimeForChanges.value).toBe(1.17);
    expect(body.events.map(e => e.id)[0]).toBe('deploy-payments-api-prod-1');
    expect(body.weeks.reduce((n, w) => n + w.deploys, 0)).toBe(10);
    expect(audit).toEqual([
      expect.objectContaining({
        eventId: 'dora-read',
        result: 'succeeded',
        meta: { entityRef: 'component:default/payments-api' },
      }),
    ]);
  });

  it('answers for another environment and period when asked', async () => {
    const { app } = createApp();
    const res = await request(app)
      .get('/entities/component/default/payments-api/dora')
      .query({ days: '7', environment: 'staging' })
      .expect(200);
    expect(res.body).toMatchObject({
      environment: 'staging',
      period: { days: 7 },
      figures: { deploymentFrequency: { value: 3, eventCount: 3 } },
    });
  });

  it("answers a team's services and their aggregate from the store", async () => {
    const { app, audit } = createApp();
    const res = await request(app)
      .get('/groups/default/team-a/dora')
      .query({ days: '30' })
      .expect(200);
    const body: TeamDoraResponse = res.body;
    expect(body.groupRef).toBe('group:default/team-a');
    // team-a's components only (billing is team-b's), sorted by reference.
    expect(
      body.services.map(s => [
        s.entityRef,
        s.environment,
        s.figures.deploymentFrequency.eventCount,
      ]),
    ).toEqual([
      ['component:default/orders-api', 'prod', 4],
      ['component:default/payments-api', 'prod', 10],
      ['component:default/secret-service', 'prod', 0],
    ]);
    // 14 deploys in 30 days: 14 / (30 / 7) = 3.27 per week.
    expect(body.aggregate.deploymentFrequency).toMatchObject({
      value: 3.27,
      level: 'high',
      eventCount: 14,
    });
    expect(audit[0]).toMatchObject({
      eventId: 'team-dora-read',
      result: 'succeeded',
      meta: { entityRef: 'group:default/team-a' },
    });
  });

  it('leaves out of a team the services the caller may not see', async () => {
    const { app } = createApp({ credentials: mockCredentials.user(OUTSIDER) });
    const res = await request(app)
      .get('/groups/default/team-a/dora')
      .expect(200);
    expect(res.body.services.map((s: any) => s.entityRef)).toEqual([
      'component:default/orders-api',
      'component:default/payments-api',
    ]);
  });

  it.each([['0'], ['366'], ['abc'], ['7.5']])(
    "refuses days=%s with a 400 naming 'days'",
    async days => {
      const { app } = createApp();
      for (const path of [
        '/entities/component/default/payments-api/dora',
        '/groups/default/team-a/dora',
      ]) {
        const res = await request(app).get(path).query({ days }).expect(400);
        expect(res.body.error.message).toContain("'days'");
      }
    },
  );

  it('refuses an unknown parameter and a malformed environment', async () => {
    const { app } = createApp();
    const unknown = await request(app)
      .get('/groups/default/team-a/dora')
      .query({ environment: 'prod' })
      .expect(400);
    expect(unknown.body.error.message).toContain("'environment'");
    const malformed = await request(app)
      .get('/entities/component/default/payments-api/dora')
      .query({ environment: 'Prod Env' })
      .expect(400);
    expect(malformed.body.error.message).toContain("'environment'");
  });

  it('answers 404 for an entity or a group the caller may not see', async () => {
    const { app } = createApp({ credentials: mockCredentials.user(OUTSIDER) });
    await request(app)
      .get('/entities/component/default/secret-service/dora')
      .expect(404);
    await request(app).get('/groups/default/team-secret/dora').expect(404);
    const missing = await request(app)
      .get('/groups/default/nobody/dora')
      .expect(404);
    expect(missing.body.error.name).toBe('NotFoundError');
  });

  it('refuses a service principal without a read grant, and serves one with it', async () => {
    const ci = mockCredentials.service('external:dashboards');
    const refused = createApp({ credentials: ci });
    await request(refused.app)
      .get('/entities/component/default/payments-api/dora')
      .expect(403);
    await request(refused.app).get('/groups/default/team-a/dora').expect(403);

    const granted = createApp({
      credentials: ci,
      grants: [
        {
          subject: 'external:dashboards',
          read: true,
          actions: [],
          entities: [],
          owners: ['group:default/team-a'],
        },
      ],
    });
    await request(granted.app)
      .get('/entities/component/default/payments-api/dora')
      .expect(200);
    const team = await request(granted.app)
      .get('/groups/default/team-a/dora')
      .expect(200);
    expect(team.body.services).toHaveLength(3);
    // Another team's group is not covered by the grant.
    await request(granted.app)
      .get('/groups/default/team-secret/dora')
      .expect(403);
  });
});
