import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The portal's own notifications backend, as packages/backend installs it.
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import {
  KubernetesApiServer,
  loadKubernetesFixtures,
  onlyProjects,
} from '@go-delivery/sandbox';
import request from 'supertest';
import { deliveryPlugin } from '../../plugin';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      namespace: 'default',
      // Its Rollout on the prod cluster carries the matching label.
      annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: ALICE },
      { type: 'hasMember', targetRef: BOB },
    ],
  },
  ...['alice', 'bob'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
  })),
];

const KINDS = [
  ['sync-failed', 'payments-api: sync failed', 'high'],
  ['degraded', 'payments-api: degraded', 'high'],
  ['regression', 'Deploy of 3fd7c67 to prod regressed', 'high'],
  // Who did it is named: here the CI that reported it.
  ['abort', 'Canary of payments-api aborted by external:ci', 'high'],
  ['rollback', 'payments-api rolled back in prod by external:ci', 'normal'],
] as const;

const CI = 'external:ci';
const PROD_TOKEN = 'prod-token';
const ROLLOUT = [
  'argoproj.io/v1alpha1',
  'Rollout',
  'payments',
  'payments-api',
] as const;
const ROLLOUT_PATH =
  '/apis/argoproj.io/v1alpha1/namespaces/payments/rollouts/payments-api';
const asCi = () =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(CI),
    targetPluginId: 'delivery',
  });

describe('notifications through the real notifications backend', () => {
  let a: Awaited<ReturnType<typeof startTestBackend>>;
  let b: Awaited<ReturnType<typeof startTestBackend>>;
  /** The prod cluster, a real API server: payments-api's Rollout lives there. */
  let prod: KubernetesApiServer;

  beforeAll(async () => {
    prod = await KubernetesApiServer.start({
      name: 'prod',
      fixtures: loadKubernetesFixtures().prod,
      tokens: { [PROD_TOKEN]: { name: 'delivery' } },
      crds: onlyProjects('argo-rollouts'),
    });
    // Each plugin has its own database, which both replicas share.
    const byPlugin = {
      delivery: await databases.init('SQLITE_3'),
      notifications: await databases.init('SQLITE_3'),
    };
    const database = createServiceFactory({
      service: coreServices.database,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) =>
        mockServices.database({
          knex: byPlugin[plugin.getId() as keyof typeof byPlugin],
        }),
    });
    /** One replica of the portal's backend: both share the one database. */
    const replica = () =>
      startTestBackend({
        features: [
          deliveryPlugin,
          notificationsPlugin,
          catalogServiceMock.factory({ entities }),
          database,
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://localhost:3000' },
              delivery: {
                cache: { ttlSeconds: 0 },
                dora: { enabled: false },
                kubernetes: {
                  clusters: [prod.deliveryCluster(PROD_TOKEN, 'prod')],
                },
                // CI reports what it did outside the portal.
                serviceAccess: [
                  {
                    subject: CI,
                    actions: ['delivery.events.report'],
                    entities: ['component:default/payments-api'],
                  },
                ],
              },
            },
          }),
        ],
      });
    a = await replica();
    b = await replica();
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await prod?.stop();
  });

  const path = '/api/delivery/entities/component/default/payments-api/events';
  const report = (backend: typeof a, authorization: string, events: object[]) =>
    request(backend.server)
      .post(path)
      .set('Authorization', authorization)
      .send({ events });
  const notificationsOf = async (user: string, backend: typeof a) => {
    const { body, status } = await request(backend.server)
      .get('/api/notifications/notifications')
      .set('Authorization', mockCredentials.user.header(user));
    expect(status).toBe(200);
    return body.notifications as Array<{
      id: string;
      payload: any;
      user: string;
    }>;
  };
  const event = (kind: string, id: string) => ({
    id,
    kind,
    environment: 'prod',
    at: new Date(Date.now() - 60_000).toISOString(),
    ...(kind === 'regression'
      ? { revision: '3fd7c672d94108f29410af7a41b53b35e0273921' }
      : {}),
    summary: `${kind} of payments-api (reported)`,
  });

  it('two replicas told of the same events notify each owner once per event, of every kind', async () => {
    const events = KINDS.map(([kind]) => event(kind, `ci-${kind}`));
    // Both replicas hear of every event at once (two processes reading the same upstream).
    const answers = await Promise.all([
      report(a, asCi(), events),
      report(b, asCi(), events),
    ]);
    expect(answers.map(r => r.status)).toEqual([201, 201]);
    expect(answers.map(r => r.body.recorded).reduce((x, y) => x + y)).toBe(
      KINDS.length,
    );
    // A retry records and notifies nothing.
    expect((await report(a, asCi(), events)).body).toMatchObject({
      recorded: 0,
      duplicates: KINDS.length,
    });

    for (const [user, backend] of [
      [ALICE, a],
      [BOB, b],
    ] as const) {
      const notifications = await notificationsOf(user, backend);
      expect(
        notifications
          .map(n => [n.payload.topic, n.payload.title, n.payload.severity])
          .sort(),
      ).toEqual(
        KINDS.map(([kind, title, severity]) => [
          `delivery:${kind}`,
          title,
          severity,
        ]).sort(),
      );
      for (const n of notifications) {
        expect(n).toMatchObject({
          user,
          payload: {
            link: '/catalog/default/component/payments-api/delivery',
          },
        });
      }
    }
  });

  it('does not notify an owner of a change they made themselves', async () => {
    const before = {
      alice: (await notificationsOf(ALICE, a)).length,
      bob: (await notificationsOf(BOB, a)).length,
    };
    const res = await report(a, mockCredentials.user.header(ALICE), [
      event('rollback', 'alice-rollback'),
    ]);
    expect(res.status).toBe(201);
    expect((await notificationsOf(ALICE, a)).length).toBe(before.alice);
    const bob = await notificationsOf(BOB, b);
    expect(bob.length).toBe(before.bob + 1);
    expect(
      bob.filter(
        n => n.payload.description === 'rollback of payments-api (reported)',
      ),
    ).toHaveLength(2);
  });

  describe("an owner's action on the Rollout, sent to both replicas at once", () => {
    const act = (backend: typeof a, action: string, body: object) =>
      request(backend.server)
        .post(
          `/api/delivery/entities/component/default/payments-api/rollouts/${action}`,
        )
        .set('Authorization', mockCredentials.user.header(ALICE))
        .send({
          cluster: 'prod',
          namespace: 'payments',
          name: 'payments-api',
          ...body,
        });
    /** What the backends wrote to the cluster, as its audit log has it. */
    const writes = async () =>
      (await prod.requests())
        .filter(r => r.method !== 'GET')
        .map(r => [r.method, r.path, r.body, r.status]);
    /** Alice's and bob's notifications now, to tell the new ones apart later. */
    const seen = async () => ({
      alice: new Set((await notificationsOf(ALICE, a)).map(n => n.id)),
      bob: new Set((await notificationsOf(BOB, b)).map(n => n.id)),
    });
    const since = async (
      user: string,
      backend: typeof a,
      before: Set<string>,
    ) => (await notificationsOf(user, backend)).filter(n => !before.has(n.id));

    /**
     * The same request (one idempotency key) to both replicas at once: one acts, the other waits
     * for its answer in the shared ledger and replays it.
     */
    async function actOnBoth(action: string, body: object) {
      const answers = await Promise.all([
        act(a, action, body),
        act(b, action, body),
      ]);
      expect(answers.map(r => r.status)).toEqual([200, 200]);
      expect(answers.map(r => r.body.replayed).sort()).toEqual([false, true]);
      const [first, second] = answers.map(
        ({ body: { replayed, ...rest } }) => rest,
      );
      expect(second).toEqual(first);
      return first;
    }

    /** Alice acted: she hears nothing new, bob exactly this, with the Delivery tab's link. */
    async function expectOnlyBobNotified(
      before: Awaited<ReturnType<typeof seen>>,
      payload: object,
    ) {
      expect(await since(ALICE, a, before.alice)).toEqual([]);
      const bob = await since(BOB, b, before.bob);
      expect(bob).toHaveLength(1);
      expect(bob[0]).toMatchObject({
        user: BOB,
        payload: {
          ...payload,
          link: '/catalog/default/component/payments-api/delivery',
        },
      });
    }

    beforeAll(async () => {
      // The canary of revision 6 waits at its first pause, as the controller leaves it.
      const rollout = await prod.object(...ROLLOUT);
      await prod.setStatus(...ROLLOUT, {
        ...rollout.status,
        phase: 'Paused',
        message: 'CanaryPauseStep',
        currentStepIndex: 1,
        pauseConditions: [
          { reason: 'CanaryPauseStep', startTime: new Date().toISOString() },
        ],
      });
    });

    beforeEach(() => prod.resetRequests());

    it('a promote patches the Rollout once and notifies bob once, not alice who promoted', async () => {
      const before = await seen();
      const answer = await actOnBoth('promote', {
        idempotencyKey: `promote-${Date.now()}`,
      });
      expect(answer).toMatchObject({
        action: 'promote',
        message: "Rollout 'payments-api' promoted past step 1 of 5",
      });
      expect(await writes()).toEqual([
        [
          'PATCH',
          `${ROLLOUT_PATH}/status`,
          { status: { pauseConditions: null } },
          200,
        ],
      ]);
      const stored = await prod.object(...ROLLOUT);
      expect(stored.status.pauseConditions).toBeUndefined();
      expect(stored.status.currentStepIndex).toBe(1);

      await expectOnlyBobNotified(before, {
        topic: 'delivery:promotion',
        title: 'payments-api promoted to prod by user:default/alice',
        description: "Rollout 'payments-api' promoted past step 1 of 5",
        severity: 'normal',
      });
    });

    it('an abort, confirmed by name, likewise', async () => {
      const before = await seen();
      const answer = await actOnBoth('abort', {
        idempotencyKey: `abort-${Date.now()}`,
        confirmation: 'payments-api',
      });
      const message =
        "Rollout 'payments-api' aborted: traffic returns to the stable ReplicaSet (the canary had 20 %)";
      expect(answer).toMatchObject({ action: 'abort', message });
      expect(await writes()).toEqual([
        ['PATCH', `${ROLLOUT_PATH}/status`, { status: { abort: true } }, 200],
      ]);
      expect((await prod.object(...ROLLOUT)).status.abort).toBe(true);

      await expectOnlyBobNotified(before, {
        topic: 'delivery:abort',
        title: 'Canary of payments-api aborted by user:default/alice',
        description: message,
        severity: 'high',
      });
    });
  });
});
