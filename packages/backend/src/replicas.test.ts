import { TestDatabases } from '@backstage/backend-test-utils';
import {
  FakeArgoCd,
  loadArgoCdFixtures,
  syntheticCoverProfile,
} from '@go-delivery/sandbox';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BackendProcess,
  freePort,
  REPO_ROOT,
  startBackendProcess,
  waitUntilServing,
} from './__testUtils__/backendProcess';

jest.setTimeout(600_000);

/*
 * Two backend processes behind no load balancer — the test picks the replica — on one PostgreSQL
 * and one Redis, as a platform team runs the portal. What it shows: an action happens once
 * whichever replicas receive it, a replica that dies mid-action leaves nothing done twice, a view
 * on one replica shows what an action on the other changed, and uploads spread over both are all
 * kept.
 */

const databases = TestDatabases.create({
  ids: ['POSTGRES_18', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15'],
  disableDocker: true,
});
const postgres = databases.eachSupportedId()[0]?.[0];
const redisUrl = process.env.DELIVERY_TEST_REDIS_URL;
if (!postgres || !redisUrl) {
  // eslint-disable-next-line no-console
  console.warn(
    'Skipping the replica test: it needs PostgreSQL and Redis (./scripts/test.sh starts both; ' +
      'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING and DELIVERY_TEST_REDIS_URL).',
  );
}

const CI_TOKEN = 'replica-test-ci-token';
const ENTITY = '/api/delivery/entities/component/default/payments-api';
const APPLICATION = {
  kind: 'argocd',
  instance: 'prod',
  application: 'payments-api-prod',
  appNamespace: 'argocd',
  confirmation: 'payments-api-prod',
};
/** How long an action may run before the other replica counts it as interrupted. */
const LEASE_SECONDS = 6;

(postgres && redisUrl ? describe : describe.skip)(
  'two backend replicas on one PostgreSQL and one Redis',
  () => {
    let argocd: FakeArgoCd;
    let workDir: string;
    let replicas: BackendProcess[];
    let token: string;

    beforeAll(async () => {
      const knex = await databases.init(postgres!);
      const connection = knex.client.config.connection;
      argocd = await FakeArgoCd.start({
        name: 'prod',
        fixtures: loadArgoCdFixtures().prod,
        tokens: ['replica-test-argocd-token'],
        operationDurationMs: 0,
      });
      workDir = await mkdtemp(join(tmpdir(), 'delivery-replicas-'));
      const config = join(workDir, 'app-config.replicas.yaml');
      await writeFile(
        config,
        JSON.stringify({
          backend: {
            database: {
              client: 'pg',
              connection: {
                host: connection.host,
                port: connection.port ?? 5432,
                user: connection.user,
                password: connection.password ?? 'unused',
                database: connection.database,
              },
              pluginDivisionMode: 'schema',
            },
            cache: { store: 'redis', connection: redisUrl },
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: { token: CI_TOKEN, subject: 'replica-ci' },
                  accessRestrictions: [
                    {
                      plugin: 'delivery',
                      permission: 'delivery.coverage.upload',
                    },
                    { plugin: 'catalog' },
                  ],
                },
              ],
            },
          },
          auth: {
            providers: {
              guest: {
                userEntityRef: 'user:default/guest',
                // jest runs with NODE_ENV=test; the replicas are a test portal, not production.
                dangerouslyAllowOutsideDevelopment: true,
                ownershipEntityRefs: [
                  'user:default/guest',
                  'group:default/guests',
                ],
              },
            },
          },
          catalog: {
            locations: [
              {
                type: 'file',
                target: join(REPO_ROOT, 'packages/sandbox/catalog/demo.yaml'),
              },
            ],
          },
          delivery: {
            catalog: { allowFileLocations: true },
            serviceAccess: [
              {
                subject: 'replica-ci',
                read: true,
                actions: ['delivery.coverage.upload'],
                entities: ['component:default/payments-api'],
              },
            ],
            actions: { leaseSeconds: LEASE_SECONDS },
            coverage: { keepReports: 5000 },
            cache: { ttlSeconds: 60 },
            argocd: {
              timeoutMs: 10_000,
              instances: [
                {
                  name: 'prod',
                  url: argocd.url,
                  token: 'replica-test-argocd-token',
                },
              ],
            },
          },
        }),
      );
      // One after the other, as a rolling deployment starts them: the first creates the schemas.
      replicas = [];
      for (let i = 0; i < 2; i++) {
        const replica = startBackendProcess({
          configs: ['app-config.yaml', config],
          port: await freePort(),
          env: {},
        });
        replicas.push(replica);
        await waitUntilServing(replica, '/api/delivery/health', 240_000);
      }
      // One guest token for both: the auth keys live in the shared database.
      const session = await fetch(
        `${replicas[0].baseUrl}/api/auth/guest/refresh`,
        { method: 'POST', headers: { 'x-requested-with': 'XMLHttpRequest' } },
      );
      const identity = await session.json();
      if (!identity.backstageIdentity) {
        throw new Error(`guest sign-in failed: ${JSON.stringify(identity)}`);
      }
      token = identity.backstageIdentity.token;
      // Both replicas know the entity once the catalog has ingested it.
      for (const replica of replicas) {
        await eventually(async () => {
          const response = await call(replica, 'GET', `${ENTITY}/deployments`);
          if (response.status !== 200) {
            throw new Error(
              `the catalog has no payments-api yet (${response.status})`,
            );
          }
        });
      }
    });

    afterAll(async () => {
      await Promise.all((replicas ?? []).map(r => r.stop()));
      await argocd?.stop();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    function call(
      replica: BackendProcess,
      method: string,
      path: string,
      body?: unknown,
    ) {
      return fetch(`${replica.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    }

    const rollbacksSent = () =>
      argocd.requests.filter(r => r.path.endsWith('/rollback')).length;
    const history = () =>
      argocd.application('payments-api-prod').status.history as Array<{
        id: number;
      }>;

    it('acts once on the same key sent to both replicas at once; the other answer is replayed', async () => {
      const before = rollbacksSent();
      const request = {
        ...APPLICATION,
        historyId: 4,
        idempotencyKey: 'replica-same-key-0001',
      };
      const answers = await Promise.all(
        replicas.map(replica =>
          call(replica, 'POST', `${ENTITY}/rollback`, request),
        ),
      );
      expect(answers.map(a => a.status)).toEqual([200, 200]);
      const bodies = await Promise.all(answers.map(a => a.json()));
      expect(bodies.map(b => b.replayed).sort()).toEqual([false, true]);
      expect(bodies[0].message).toBe(bodies[1].message);
      expect(rollbacksSent() - before).toBe(1);
    });

    it('shows on one replica what an action on the other changed', async () => {
      // Both replicas read (and cache, in Redis) the application first.
      for (const replica of replicas) {
        expect(
          (await call(replica, 'GET', `${ENTITY}/deployments`)).status,
        ).toBe(200);
      }
      const historyBefore = history().length;
      const acted = await call(replicas[0], 'POST', `${ENTITY}/rollback`, {
        ...APPLICATION,
        historyId: 3,
        idempotencyKey: 'replica-view-key-0001',
      });
      expect(acted.status).toBe(200);
      await eventually(() => expect(history().length).toBe(historyBefore + 1));
      // Past the 2 s a replica may keep a value in memory, the other replica reads the new state:
      // the action dropped the shared cache entry.
      await new Promise(r => setTimeout(r, 2100));
      const view = await (
        await call(replicas[1], 'GET', `${ENTITY}/deployments`)
      ).json();
      const prod = view.applications.find(
        (a: any) => a.name === 'payments-api-prod',
      );
      expect(prod.history).toHaveLength(Math.min(historyBefore + 1, 10));
      expect(prod.history[0].id).toBe(history().at(-1)!.id);
    });

    it('lets one of two keys act on the same application and refuses the other with 409', async () => {
      argocd.setLatency(1500);
      try {
        const answers = await Promise.all(
          replicas.map((replica, i) =>
            call(replica, 'POST', `${ENTITY}/rollback`, {
              ...APPLICATION,
              historyId: 2,
              idempotencyKey: `replica-race-key-000${i}`,
            }),
          ),
        );
        expect(answers.map(a => a.status).sort()).toEqual([200, 409]);
        const refused = await answers.find(a => a.status === 409)!.json();
        expect(refused.error.message).toBe(
          "A rollback of 'payments-api-prod' is already in progress; wait for it to finish",
        );
      } finally {
        argocd.setLatency(0);
      }
    });

    it('keeps all of 1,000 coverage uploads spread over both replicas', async () => {
      const profile = syntheticCoverProfile({
        module: 'github.com/example-org/payments-api',
        packages: [
          {
            path: 'internal/api',
            files: ['handler.go', 'routes.go'],
            statementsPerFile: 12,
            covered: 0.8,
          },
        ],
      });
      const uploads = Array.from({ length: 1000 }, (_, i) => i);
      let next = 0;
      const failures: string[] = [];
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < uploads.length) {
            const i = next++;
            const replica = replicas[i % 2];
            const query = new URLSearchParams({
              entity: 'component:default/payments-api',
              commit: i.toString(16).padStart(40, '0'),
              branch: 'replicas',
              format: 'go',
            });
            const response = await fetch(
              `${replica.baseUrl}/api/delivery/coverage?${query}`,
              {
                method: 'POST',
                headers: {
                  authorization: `Bearer ${CI_TOKEN}`,
                  'content-type': 'text/plain',
                },
                body: profile,
              },
            );
            if (response.status !== 201) {
              failures.push(
                `${i}: ${response.status} ${await response.text()}`,
              );
            }
          }
        }),
      );
      expect(failures).toEqual([]);
      const stored = await (
        await call(
          replicas[1],
          'GET',
          `${ENTITY}/coverage/history?branch=replicas&limit=1000`,
        )
      ).json();
      expect(stored.points).toHaveLength(1000);
    });

    it('reports an action whose replica died mid-way instead of doing it twice', async () => {
      argocd.setLatency(4000);
      const request = {
        ...APPLICATION,
        historyId: 1,
        idempotencyKey: 'replica-crash-key-0001',
      };
      const before = rollbacksSent();
      // The first replica claims the request and waits on Argo CD; then it is killed.
      const dying = call(
        replicas[0],
        'POST',
        `${ENTITY}/rollback`,
        request,
      ).catch(() => undefined);
      await new Promise(r => setTimeout(r, 1500));
      await replicas[0].kill();
      await dying;
      argocd.setLatency(0);
      const answer = await call(
        replicas[1],
        'POST',
        `${ENTITY}/rollback`,
        request,
      );
      expect(answer.status).toBe(409);
      expect((await answer.json()).error.message).toMatch(
        /An earlier attempt of this request stopped before it finished/,
      );
      // Whatever the dead replica got out, the survivor sent nothing more.
      expect(rollbacksSent() - before).toBeLessThanOrEqual(1);
      const sentBySurvivor = rollbacksSent();
      await new Promise(r => setTimeout(r, 500));
      expect(rollbacksSent()).toBe(sentBySurvivor);
    });
  },
);

/** Retries an assertion for up to a minute (catalog ingestion, the controller's sync). */
async function eventually(check: () => unknown | Promise<unknown>) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 500));
    }
  }
}
