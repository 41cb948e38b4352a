import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DeliveryEventsReportResponse,
  deliveryEventsReportPermission,
  ReportedDeliveryEvent,
} from '@go-delivery/plugin-delivery-common';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { ActionLedger } from '../actions/ActionLedger';
import { ProductionTargets } from '../actions/confirmation';
import { ServiceAccess } from '../actions/serviceAccess';
import { EntityClaims } from '../binding/entityClaims';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { DeliveryEventStore } from '../database/DeliveryEventStore';
import { DeliveryEventRecorder } from '../services/dora/DeliveryEventRecorder';
import { DoraService } from '../services/dora/DoraService';
import { ACTION_BODY_LIMIT } from './bodyFields';
import { eventReportRoutes } from './eventReportRoutes';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const CI = mockCredentials.service('external:deploy-ci');
const UNGRANTED = mockCredentials.service('external:someone-else');
const OWNER = mockCredentials.user('user:default/alice');
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const DAY = 86_400_000;

function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

const entities = [
  component('payments-api', 'team-a'),
  component('orders-api', 'team-b'),
];
const catalog = catalogServiceMock.mock({
  async getEntityByRef(ref) {
    const wanted = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
    return entities.find(e => stringifyEntityRef(e) === wanted);
  },
});

const iso = (ms: number) => new Date(ms).toISOString();

/** A deploy to prod `daysAgo` days before NOW, its commit `leadHours` earlier. */
function deploy(
  id: string,
  daysAgo: number,
  leadHours = 10,
): ReportedDeliveryEvent {
  const at = NOW - daysAgo * DAY;
  return {
    id,
    kind: 'deploy',
    environment: 'prod',
    at: iso(at),
    finishedAt: iso(at + 60_000),
    revision: `${id}`.padEnd(40, '0').replace(/[^0-9a-f]/g, 'a'),
    result: 'succeeded',
    committedAt: iso(at - leadHours * 3_600_000),
    summary: `${id} deployed to prod`,
  };
}

describe('event report route', () => {
  let knex: Knex;
  let store: DeliveryEventStore;
  let audited: Array<{ eventId: string; success: jest.Mock; fail: jest.Mock }>;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(mockServices.database({ knex }));
    store = new DeliveryEventStore(knex);
  });

  beforeEach(async () => {
    await knex('delivery_events').delete();
    audited = [];
  });

  function createApp(options?: {
    credentials?: BackstageCredentials;
    permissions?: PermissionsService;
  }) {
    const logger = mockServices.logger.mock();
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async ({ eventId }) => {
        const event = { eventId, success: jest.fn(), fail: jest.fn() };
        audited.push(event);
        return event;
      }),
    }) as jest.Mocked<AuditorService>;
    const app = express();
    app.use(express.json({ limit: ACTION_BODY_LIMIT }));
    app.use(
      eventReportRoutes({
        httpAuth: mockServices.httpAuth({
          pluginId: 'delivery',
          defaultCredentials: options?.credentials ?? CI,
        }),
        auditor,
        catalog,
        permissions: options?.permissions ?? mockServices.permissions(),
        actions: new ActionLedger({ knex, logger }),
        serviceAccess: new ServiceAccess([
          {
            subject: 'external:deploy-ci',
            read: false,
            actions: ['delivery.events.report'],
            entities: ['component:default/payments-api'],
            owners: [],
          },
        ]),
        claims: new EntityClaims({
          catalog,
          auth: mockServices.auth(),
          logger,
        }),
        deliveryEvents: new DeliveryEventRecorder({
          store,
          productionTargets: new ProductionTargets(),
          logger,
          now: () => NOW,
        }),
        now: () => NOW,
      }),
    );
    app.use(mockErrorHandler());
    return app;
  }

  const path = (name: string) => `/entities/component/default/${name}/events`;

  async function storedCount(): Promise<number> {
    const [row] = await knex('delivery_events').count({ n: '*' });
    return Number(row.n);
  }

  it('records reported deploys once, however often they are reported, and the figures use them', async () => {
    const app = createApp();
    const events = [
      deploy('d1', 20, 6),
      deploy('d2', 13, 12),
      deploy('d3', 6, 30),
    ];
    const first = await request(app)
      .post(path('payments-api'))
      .send({ events })
      .expect(201);
    expect(first.body).toEqual<DeliveryEventsReportResponse>({
      entityRef: 'component:default/payments-api',
      recorded: 3,
      duplicates: 0,
    });
    // A retry with one more: only the new one is stored.
    const again = await request(app)
      .post(path('payments-api'))
      .send({ events: [...events, deploy('d4', 1, 3)] })
      .expect(201);
    expect(again.body).toMatchObject({ recorded: 1, duplicates: 3 });
    expect(await storedCount()).toBe(4);
    expect(audited.map(e => e.eventId)).toEqual([
      'delivery-events-report',
      'delivery-events-report',
    ]);
    expect(audited[1].success).toHaveBeenCalledWith({
      meta: expect.objectContaining({ recorded: 1, duplicates: 3 }),
    });

    const dora = new DoraService({
      store,
      productionTargets: new ProductionTargets(),
      settings: { failureWindowHours: 24, hotfixWindowHours: 2 },
      now: () => NOW,
    });
    const figures = await dora.entityDora({
      entityRef: 'component:default/payments-api',
      days: 28,
    });
    expect(figures.environment).toBe('prod');
    // 4 deploys in 28 days = 1 per week. Lead time runs from the commit to the deploy's end (a
    // minute after it started): 6, 12, 30 and 3 h + 1 min → median (6 + 12) / 2 h + 1 min
    // = 9.0167 h, shown with two decimals.
    expect(figures.figures.deploymentFrequency.value).toBeCloseTo(1, 5);
    expect(figures.figures.leadTimeForChanges.value).toBe(9.02);
    expect(figures.events.every(e => e.source === 'report')).toBe(true);
  });

  it('binds ids to the entity: the same reporter id on another entity is another event', async () => {
    const app = createApp({ credentials: OWNER });
    await request(app)
      .post(path('payments-api'))
      .send({ events: [deploy('same', 3)] })
      .expect(201);
    const other = await request(app)
      .post(path('orders-api'))
      .send({ events: [deploy('same', 3)] })
      .expect(201);
    expect(other.body).toMatchObject({
      entityRef: 'component:default/orders-api',
      recorded: 1,
      duplicates: 0,
    });
    expect(await storedCount()).toBe(2);
  });

  it('refuses a service without a grant for the entity, and a user the policy denies, storing nothing', async () => {
    await request(createApp({ credentials: UNGRANTED }))
      .post(path('payments-api'))
      .send({ events: [deploy('x', 1)] })
      .expect(403);
    // The CI grant names payments-api only.
    const other = await request(createApp())
      .post(path('orders-api'))
      .send({ events: [deploy('x', 1)] })
      .expect(403);
    expect(other.body.error.message).toContain('delivery.events.report');
    const permissions = mockServices.permissions.mock({
      authorize: jest.fn(async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
      ),
    });
    await request(createApp({ credentials: OWNER, permissions }))
      .post(path('payments-api'))
      .send({ events: [deploy('x', 1)] })
      .expect(403);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: deliveryEventsReportPermission,
          resourceRef: 'component:default/payments-api',
        },
      ],
      expect.anything(),
    );
    expect(await storedCount()).toBe(0);
  });

  it.each([
    [{ events: [] }, "'events' must be a list of 1 to 20 events"],
    [
      { events: Array.from({ length: 21 }, (_, i) => deploy(`e${i}`, 1)) },
      "'events' must be a list of 1 to 20 events",
    ],
    [{ events: [deploy('a', 1)], extra: 1 }, "Unexpected field 'extra'"],
    [
      { events: [{ ...deploy('a', 1), kind: 'promotion' }] },
      "events[0]: 'kind' must be one of deploy, rollback, abort",
    ],
    [
      { events: [{ ...deploy('a', 1), at: iso(NOW + DAY) }] },
      "events[0]: 'at' must be a real time between 5 years ago and now",
    ],
    [
      { events: [{ ...deploy('a', 1), at: 'yesterday' }] },
      "events[0]: 'at' must be an RFC 3339 time",
    ],
    [
      { events: [{ ...deploy('a', 1), committedAt: iso(NOW) }] },
      "events[0]: 'committedAt' must not be after 'at'",
    ],
    [
      { events: [{ ...deploy('a', 1), summary: 'line\nbreak' }] },
      "events[0]: 'summary' must not contain control characters",
    ],
    [
      { events: [{ ...deploy('a', 1), environment: 'Prod Env' }] },
      "events[0]: 'environment' must be an environment name",
    ],
    [
      { events: [{ ...deploy('a', 1), id: 'a/b' }] },
      "events[0]: 'id' must be 1 to 128 letters",
    ],
    [
      { events: [{ ...deploy('a', 1), result: undefined }] },
      "events[0]: A deploy needs 'result'",
    ],
    [
      { events: [deploy('a', 1), deploy('a', 2)] },
      "Two events of the report have the same 'id'",
    ],
  ])(
    'refuses a bad report with a 400 naming the mistake (%#)',
    async (body, message) => {
      const response = await request(createApp())
        .post(path('payments-api'))
        .send(body)
        .expect(400);
      expect(response.body.error.message).toContain(message);
      expect(await storedCount()).toBe(0);
    },
  );

  it('answers 404 for an entity the catalog does not have', async () => {
    const response = await request(createApp({ credentials: OWNER }))
      .post(path('nowhere'))
      .send({ events: [deploy('a', 1)] })
      .expect(404);
    expect(response.body.error.name).toBe('NotFoundError');
    expect(await storedCount()).toBe(0);
  });
});
