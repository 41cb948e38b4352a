import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DeploymentsResponse } from '@go-delivery/plugin-delivery-common';
import { FakeArgoCd, loadArgoCdFixtures } from '@go-delivery/sandbox';
import { createServer } from 'node:net';
import request from 'supertest';
import { deliveryPlugin } from './plugin';

const fixtures = loadArgoCdFixtures();
const OUTSIDER = 'user:default/outsider';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

const entities = [
  component('payments-api', {
    'argocd/app-selector': 'app.kubernetes.io/part-of=payments-api',
  }),
  component('orders-anywhere', { 'argocd/app-name': 'orders-api-prod' }),
  component('orders-api', {
    'argocd/app-name': 'orders-api-prod',
    'argocd/instance-name': 'prod',
  }),
  component('shipping-api', {
    'argocd/app-selector': 'app.kubernetes.io/part-of=shipping-api',
    'argocd/instance-name': 'prod',
  }),
  component('no-annotations', {}),
  component('secret-service', { 'argocd/app-name': 'payments-api-prod' }),
  component('bad-slash', { 'argocd/app-name': 'orders/../../session' }),
  component('bad-dots', { 'argocd/app-name': 'a..b' }),
  component('bad-long', { 'argocd/app-name': 'a'.repeat(300) }),
  component('bad-selector', { 'argocd/app-selector': 'app=x) or (1=1' }),
  component('bad-namespace', {
    'argocd/app-name': 'x',
    'argocd/app-namespace': '../kube-system',
  }),
  component('unknown-instance', {
    'argocd/app-name': 'x',
    'argocd/instance-name': 'nowhere',
  }),
];

/** A catalog that hides `secret-service` from the outsider, as a permission policy would. */
const catalog = catalogServiceMock.mock({
  async getEntityByRef(ref, options) {
    const wanted = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
    const principal = (options as any)?.credentials?.principal;
    if (
      wanted === 'component:default/secret-service' &&
      principal?.userEntityRef === OUTSIDER
    ) {
      return undefined;
    }
    return entities.find(e => stringifyEntityRef(e) === wanted);
  },
});

async function closedPort(): Promise<number> {
  return new Promise(resolve => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('delivery backend: deployments route', () => {
  let prod: FakeArgoCd;
  let staging: FakeArgoCd;
  let downPort: number;

  beforeAll(async () => {
    prod = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      users: { admin: 'pw' },
    });
    staging = await FakeArgoCd.start({
      name: 'staging',
      fixtures: fixtures.staging,
      tokens: ['stg-token'],
    });
    downPort = await closedPort();
  });

  afterAll(async () => {
    await prod.stop();
    await staging.stop();
  });

  beforeEach(() => {
    prod.clearRequests();
    staging.clearRequests();
    staging.setLatency(0);
    catalog.getEntityByRef.mockClear();
  });

  async function startBackend(options?: {
    ttlSeconds?: number;
    withDownInstance?: boolean;
    instances?: object[];
  }) {
    const instances: object[] = options?.instances ?? [
      { name: 'prod', url: prod.url, username: 'admin', password: 'pw' },
      { name: 'staging', url: staging.url, token: 'stg-token', timeoutMs: 300 },
    ];
    if (options?.withDownInstance) {
      instances.push({
        name: 'dr',
        url: `http://127.0.0.1:${downPort}`,
        token: 'x',
      });
    }
    const { server } = await startTestBackend({
      features: [
        deliveryPlugin,
        catalog.factory,
        mockServices.rootConfig.factory({
          data: {
            delivery: {
              argocd: { timeoutMs: 2000, instances },
              cache: { ttlSeconds: options?.ttlSeconds ?? 0 },
            },
          },
        }),
      ],
    });
    return server;
  }

  const path = (name: string) =>
    `/api/delivery/entities/component/default/${name}/deployments`;

  it('returns the applications of every instance, with history and resources', async () => {
    const server = await startBackend();
    const res = await request(server).get(path('payments-api'));
    expect(res.status).toBe(200);
    const body: DeploymentsResponse = res.body;
    expect(body.failures).toEqual([]);
    expect(body.instances).toEqual(['prod', 'staging']);
    expect(
      body.applications.map(a => `${a.instance}/${a.name}`).sort(),
    ).toEqual([
      'prod/payments-api-prod',
      'staging/payments-api-dev',
      'staging/payments-api-staging',
    ]);
    const prodApp = body.applications.find(a => a.instance === 'prod')!;
    expect(prodApp.history).toHaveLength(6);
    expect(prodApp.resources?.byKind.Rollout).toBe(1);
    expect(prodApp.webUrl).toBe(
      `${prod.url}applications/argocd/payments-api-prod`,
    );
    // Both instances were asked with the validated selector; nothing else reached them.
    expect(prod.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/session',
      'GET /api/v1/applications',
      'GET /api/v1/applications/payments-api-prod/resource-tree',
    ]);
    expect(staging.requests[0].query).toEqual({
      selector: ['app.kubernetes.io/part-of=payments-api'],
    });
    expect(staging.requests[0].authorization).toBe('Bearer stg-token');
  });

  it('groups the applications an ApplicationSet generated under it, each source with its revision', async () => {
    const server = await startBackend();
    const res = await request(server).get(path('shipping-api'));
    expect(res.status).toBe(200);
    const body: DeploymentsResponse = res.body;
    expect(body.failures).toEqual([]);
    expect(body.applications.map(a => a.name).sort()).toEqual([
      'shipping-api-prod-eu',
      'shipping-api-prod-us',
      'shipping-api-staging',
    ]);
    expect(body.applicationSets).toEqual([
      {
        instance: 'prod',
        name: 'shipping-api-prod',
        namespace: 'argocd',
        applications: ['shipping-api-prod-eu', 'shipping-api-prod-us'],
        generators: ['list'],
        rollingSyncSteps: [
          { match: ['region In (eu)'] },
          { match: ['region In (us)'], maxUpdate: 1 },
        ],
        steps: [
          expect.objectContaining({
            application: 'shipping-api-prod-eu',
            status: 'Healthy',
            step: '1',
          }),
          expect.objectContaining({
            application: 'shipping-api-prod-us',
            status: 'Pending',
            step: '2',
          }),
        ],
        // Only what needs a look: the rollout under way, not the healthy checks.
        conditions: [
          expect.objectContaining({
            type: 'RolloutProgressing',
            status: 'True',
            message: 'ApplicationSet is performing rollout of step 2',
          }),
        ],
      },
    ]);
    const us = body.applications.find(a => a.name === 'shipping-api-prod-us')!;
    expect(us.applicationSet).toBe('shipping-api-prod');
    // A chart from a Helm repository and the Git source its values come from, each with what it
    // deployed: the chart's version and the commit.
    expect(us.sources).toEqual([
      expect.objectContaining({
        chart: 'shipping-api',
        targetRevision: '1.4.x',
        valueFiles: [
          '$values/shipping-api/values.yaml',
          '$values/shipping-api/values-prod.yaml',
        ],
        revision: '1.4.2',
      }),
      expect.objectContaining({
        ref: 'values',
        revision: expect.stringMatching(/^[0-9a-f]{40}$/),
      }),
    ]);
    expect(us.history[0].sources?.map(s => s.revision)).toEqual([
      '1.4.1',
      expect.stringMatching(/^[0-9a-f]{40}$/),
    ]);
    // The ApplicationSet was read once, in the applications' namespace.
    const appSetReads = prod.requests.filter(r =>
      r.path.startsWith('/api/v1/applicationsets'),
    );
    expect(appSetReads.map(r => [r.path, r.query])).toEqual([
      [
        '/api/v1/applicationsets/shipping-api-prod',
        { appsetNamespace: ['argocd'] },
      ],
    ]);
  });

  it('keeps the group of an ApplicationSet it cannot read, saying why', async () => {
    const { applicationSets: _gone, ...withoutSets } = fixtures.prod;
    const bare = await FakeArgoCd.start({
      name: 'bare',
      fixtures: withoutSets,
      tokens: ['bare-token'],
    });
    try {
      const server = await startBackend({
        instances: [{ name: 'prod', url: bare.url, token: 'bare-token' }],
      });
      const res = await request(server).get(path('shipping-api'));
      expect(res.status).toBe(200);
      const body: DeploymentsResponse = res.body;
      expect(body.failures).toEqual([]);
      expect(body.applications).toHaveLength(3);
      expect(body.applicationSets).toEqual([
        expect.objectContaining({
          name: 'shipping-api-prod',
          applications: ['shipping-api-prod-eu', 'shipping-api-prod-us'],
          generators: [],
          steps: [],
          failure: expect.objectContaining({
            instance: 'prod',
            message: expect.stringContaining(
              'applicationsets.argoproj.io "shipping-api-prod" not found',
            ),
          }),
        }),
      ]);
    } finally {
      await bare.stop();
    }
  });

  it('reads the entity from the catalog with the caller’s credentials', async () => {
    const server = await startBackend();
    await request(server)
      .get(path('orders-api'))
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .expect(200);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/orders-api',
      {
        credentials: mockCredentials.user('user:default/alice'),
      },
    );
  });

  it('asks only the named instance when argocd/instance-name is set', async () => {
    const server = await startBackend();
    const res = await request(server).get(path('orders-api')).expect(200);
    expect(res.body.instances).toEqual(['prod']);
    expect(res.body.applications.map((a: any) => a.name)).toEqual([
      'orders-api-prod',
    ]);
    expect(staging.requests).toEqual([]);
  });

  it('answers 401 to an unauthenticated caller and asks nothing upstream', async () => {
    const server = await startBackend();
    await request(server)
      .get(path('payments-api'))
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
    expect(prod.requests).toEqual([]);
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('answers 404 for an unknown entity', async () => {
    const server = await startBackend();
    const res = await request(server).get(path('does-not-exist')).expect(404);
    expect(res.body.error.message).toBe(
      "Entity 'component:default/does-not-exist' not found",
    );
    expect(prod.requests).toEqual([]);
  });

  it('answers 404 when the caller may not read the entity, and asks nothing upstream', async () => {
    const server = await startBackend();
    await request(server)
      .get(path('secret-service'))
      .set('Authorization', mockCredentials.user.header(OUTSIDER))
      .expect(404);
    expect(prod.requests).toEqual([]);
    await request(server).get(path('secret-service')).expect(200);
  });

  it('answers 400 to a malformed entity reference', async () => {
    const server = await startBackend();
    const res = await request(server).get(
      '/api/delivery/entities/component/default/a%20b%3Bc/deployments',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "Malformed entity reference 'component:default/a b;c'",
    );
  });

  it.each([
    ['bad-slash', 'argocd/app-name'],
    ['bad-dots', 'argocd/app-name'],
    ['bad-long', 'argocd/app-name'],
    ['bad-selector', 'argocd/app-selector'],
    ['bad-namespace', 'argocd/app-namespace'],
  ])(
    'answers 400 naming the annotation for %s, asking nothing upstream',
    async (name, key) => {
      const server = await startBackend();
      const res = await request(server).get(path(name)).expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(
        `Annotation '${key}' is invalid`,
      );
      expect(prod.requests).toEqual([]);
      expect(staging.requests).toEqual([]);
    },
  );

  it('answers 400 when the annotation names an instance that is not configured', async () => {
    const server = await startBackend();
    const res = await request(server).get(path('unknown-instance')).expect(400);
    expect(res.body.error.message).toContain(
      "'nowhere', which is not a configured Argo CD instance (configured: prod, staging)",
    );
  });

  it('never takes an upstream from the request', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get(
        `${path(
          'orders-api',
        )}?url=http://169.254.169.254/&instance=staging&app=admin`,
      )
      .set('X-Forwarded-Host', 'evil.example.com')
      .expect(200);
    expect(res.body.instances).toEqual(['prod']);
    // The list and the tree of the named application go out together, after the login.
    expect(
      prod.requests
        .map(r => `${r.method} ${r.path} ${JSON.stringify(r.query)}`)
        .sort(),
    ).toEqual([
      'GET /api/v1/applications {"name":["orders-api-prod"]}',
      'GET /api/v1/applications/orders-api-prod/resource-tree {}',
      'POST /api/v1/session {}',
    ]);
    expect(staging.requests).toEqual([]);
  });

  it('returns an empty answer for an entity without Argo CD annotations', async () => {
    const server = await startBackend();
    const res = await request(server).get(path('no-annotations')).expect(200);
    expect(res.body).toEqual({ applications: [], failures: [], instances: [] });
  });

  it('reports an instance that is down and still returns the others', async () => {
    const server = await startBackend({ withDownInstance: true });
    const res = await request(server).get(path('payments-api')).expect(200);
    expect(res.body.applications.map((a: any) => a.instance).sort()).toEqual([
      'prod',
      'staging',
      'staging',
    ]);
    expect(res.body.failures).toEqual([
      {
        kind: 'argocd',
        instance: 'dr',
        reason: 'unreachable',
        message: expect.stringMatching(
          /^Argo CD 'dr': unreachable: ECONNREFUSED/,
        ),
      },
    ]);
  });

  it('reports a slow instance as a timeout and still returns the others', async () => {
    staging.setLatency(1500);
    const server = await startBackend();
    const started = Date.now();
    const res = await request(server).get(path('payments-api')).expect(200);
    expect(Date.now() - started).toBeLessThan(1200);
    expect(res.body.applications.map((a: any) => a.instance)).toEqual(['prod']);
    expect(res.body.failures).toEqual([
      {
        kind: 'argocd',
        instance: 'staging',
        reason: 'timeout',
        message: "Argo CD 'staging': no answer within 300 ms",
      },
    ]);
  });

  it('logs in again after the upstream session expired', async () => {
    const server = await startBackend();
    await request(server).get(path('orders-api')).expect(200);
    prod.expireSessions();
    await new Promise(r => setTimeout(r, 1100));
    const res = await request(server).get(path('orders-api')).expect(200);
    expect(res.body.failures).toEqual([]);
    expect(
      prod.requests.filter(r => r.path === '/api/v1/session'),
    ).toHaveLength(2);
    expect(
      prod.requests
        .filter(r => r.path === '/api/v1/applications')
        .map(r => r.authorization),
    ).toHaveLength(3);
  });

  it('serves repeated and concurrent views from one upstream read while the cache is fresh', async () => {
    const server = await startBackend({ ttlSeconds: 30 });
    await Promise.all([
      request(server).get(path('orders-api')).expect(200),
      request(server).get(path('orders-api')).expect(200),
      request(server).get(path('orders-api')).expect(200),
    ]);
    await request(server).get(path('orders-api')).expect(200);
    expect(prod.requests.map(r => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/v1/applications',
      'GET /api/v1/applications/orders-api-prod/resource-tree',
      'POST /api/v1/session',
    ]);
  });

  it('remembers where an entity’s applications are, and asks only those instances next time', async () => {
    const server = await startBackend({ ttlSeconds: 0 });
    const first = await request(server)
      .get(path('orders-anywhere'))
      .expect(200);
    expect(first.body.instances).toEqual(['prod', 'staging']);
    staging.clearRequests();
    prod.clearRequests();
    const second = await request(server)
      .get(path('orders-anywhere'))
      .expect(200);
    expect(second.body.instances).toEqual(['prod']);
    expect(second.body.applications.map((a: any) => a.name)).toEqual([
      'orders-api-prod',
    ]);
    expect(staging.requests).toEqual([]);
    // One instance, a named application: list and tree in parallel, nothing else.
    expect(prod.requests.map(r => r.path).sort()).toEqual([
      '/api/v1/applications',
      '/api/v1/applications/orders-api-prod/resource-tree',
    ]);
  });

  it('searches every instance again when a remembered one no longer has the application', async () => {
    const server = await startBackend({
      ttlSeconds: 0,
      withDownInstance: true,
    });
    // The down instance makes the first search incomplete: nothing is remembered from it.
    const first = await request(server).get(path('payments-api')).expect(200);
    expect(first.body.instances).toEqual(['prod', 'staging', 'dr']);
    const again = await request(server).get(path('payments-api')).expect(200);
    expect(again.body.instances).toEqual(['prod', 'staging', 'dr']);
  });
});
