import { TestDatabases } from '@backstage/backend-test-utils';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import {
  BackendProcess,
  freePort,
  REPO_ROOT,
  startBackendProcess,
  waitUntilServing,
} from './__testUtils__/backendProcess';

jest.setTimeout(120_000);

/** The PostgreSQL that ./scripts/test.sh starts (scripts/start-test-postgres.sh), if any. */
const databases = TestDatabases.create({
  ids: [
    'POSTGRES_18',
    'POSTGRES_17',
    'POSTGRES_16',
    'POSTGRES_15',
    'POSTGRES_14',
    'POSTGRES_13',
  ],
  disableDocker: true,
});
const postgres = databases.eachSupportedId()[0]?.[0];
if (!postgres) {
  // eslint-disable-next-line no-console
  console.warn(
    'Skipping the production example test: no PostgreSQL. Export ' +
      'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (./scripts/test.sh starts one).',
  );
}

/** A static token that may do anything, so what the catalog refuses is down to the config. */
const OPERATOR_TOKEN = 'production-example-test-operator-token';

/** A kubeconfig for the example's `ci` cluster; the backend reads it at startup. */
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: ci, cluster: { server: 'https://127.0.0.1:9' } }]
users: [{ name: ci, user: { token: test-token } }]
contexts: [{ name: ci, context: { cluster: ci, user: ci } }]
current-context: ci
`;

(postgres ? describe : describe.skip)(
  'the production example (app-config.yaml + app-config.production.example.yaml, NODE_ENV=production)',
  () => {
    let backend: BackendProcess;
    let workDir: string;

    beforeAll(async () => {
      const knex = await databases.init(postgres!);
      const connection = knex.client.config.connection;
      workDir = await mkdtemp(join(tmpdir(), 'production-example-'));
      const kubeconfig = join(workDir, 'kubeconfig');
      await writeFile(kubeconfig, KUBECONFIG);
      backend = startBackendProcess({
        configs: ['app-config.yaml', 'app-config.production.example.yaml'],
        port: await freePort(),
        env: {
          NODE_ENV: 'production',
          // The variables the example reads, with test values; upstreams stay unreachable.
          POSTGRES_HOST: connection.host,
          POSTGRES_PORT: String(connection.port ?? 5432),
          POSTGRES_USER: connection.user,
          POSTGRES_PASSWORD: connection.password ?? 'unused',
          DELIVERY_CI_TOKEN: 'test-ci-token',
          AUTH_GITHUB_CLIENT_ID: 'test-client-id',
          AUTH_GITHUB_CLIENT_SECRET: 'test-client-secret',
          ARGOCD_PROD_TOKEN: 'test-argocd-token',
          ARGOCD_STAGING_PASSWORD: 'test-argocd-password',
          K8S_PROD_CA: Buffer.from(rootCertificates[0]).toString('base64'),
          K8S_CI_KUBECONFIG: kubeconfig,
          PROMETHEUS_TOKEN: 'test-prometheus-token',
          GITHUB_TOKEN: 'test-github-token',
          // The shared cache: the Redis the test command starts, else one in memory.
          ...(process.env.DELIVERY_TEST_REDIS_URL
            ? { REDIS_URL: process.env.DELIVERY_TEST_REDIS_URL }
            : {
                APP_CONFIG_backend_cache_store: 'memory',
                REDIS_URL: 'unused',
              }),
          // One fresh database for all plugins, dropped after the test.
          APP_CONFIG_backend_database_connection_database: connection.database,
          APP_CONFIG_backend_database_pluginDivisionMode: 'schema',
          APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
            {
              type: 'static',
              options: { token: OPERATOR_TOKEN, subject: 'test-operator' },
            },
          ]),
        },
      });
      await waitUntilServing(backend, '/api/delivery/health', 90_000);
    });

    afterAll(async () => {
      await backend?.stop();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    it('offers no guest sign-in', async () => {
      const response = await fetch(
        `${backend.baseUrl}/api/auth/guest/refresh`,
        {
          method: 'POST',
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        },
      );
      expect(response.status).toBe(404);
      expect(await response.json()).not.toHaveProperty('backstageIdentity');
    });

    it('does not let the catalog register a file location', async () => {
      const response = await fetch(`${backend.baseUrl}/api/catalog/locations`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${OPERATOR_TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          type: 'file',
          target: join(REPO_ROOT, 'packages/sandbox/catalog/demo.yaml'),
        }),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toBe(
        'Registered locations must be of an allowed type ["url"]',
      );
    });
  },
);
