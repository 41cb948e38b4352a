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
    metadata: { name: 'payments-api', namespace: 'default' },
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

describe('notifications through the real notifications backend', () => {
  it('two backend replicas told of the same sync failure notify each owner once', async () => {
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
            data: { app: { baseUrl: 'http://localhost:3000' } },
          }),
        ],
      });
    const a = await replica();
    const b = await replica();
    try {
      const report = {
        events: [
          {
            id: 'sync-7',
            kind: 'sync-failed',
            environment: 'prod',
            at: new Date(Date.now() - 60_000).toISOString(),
            summary: 'Sync of payments-api-prod failed: hook failed',
          },
        ],
      };
      const path =
        '/api/delivery/entities/component/default/payments-api/events';
      const send = (backend: typeof a) =>
        request(backend.server)
          .post(path)
          .set('Authorization', mockCredentials.user.header(ALICE))
          .send(report);
      const answers = await Promise.all([send(a), send(b)]);
      expect(answers.map(r => r.status)).toEqual([201, 201]);
      expect(answers.map(r => r.body.recorded).sort()).toEqual([0, 1]);
      expect((await send(a)).body).toMatchObject({ duplicates: 1 });

      for (const [user, backend] of [
        [ALICE, a],
        [BOB, b],
      ] as const) {
        const { body, status } = await request(backend.server)
          .get('/api/notifications/notifications')
          .set('Authorization', mockCredentials.user.header(user));
        expect(status).toBe(200);
        expect(body.totalCount).toBe(1);
        expect(body.notifications[0]).toMatchObject({
          user,
          origin: 'plugin:delivery',
          payload: {
            title: 'payments-api: sync failed',
            description: 'Sync of payments-api-prod failed: hook failed',
            link: '/catalog/default/component/payments-api/delivery',
            severity: 'high',
            topic: 'delivery:sync-failed',
          },
        });
      }
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
