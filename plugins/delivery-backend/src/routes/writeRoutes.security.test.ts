import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  FakeArgoCd,
  KubernetesApiServer,
  loadArgoCdFixtures,
  loadKubernetesFixtures,
  onlyProjects,
} from '@go-delivery/sandbox';
import request from 'supertest';
import { deliveryTestPlugin } from '../__testUtils__/deliveryTestPlugin';
import {
  catalogOf,
  ownerOnlyPermissions,
  recordingAuditor,
  testComponent,
} from '../__testUtils__/routeTestServices';

/*
 * Every route that changes something, attacked the ways a user of a shared portal could: as a
 * non-owner, with a service token that has no grant, through an entity whose selector would
 * match everyone's objects, through an entity that claims another's objects, and with an
 * oversized body. Each is refused before any upstream request: the clusters are real API servers,
 * and their audit logs show no request of the backend's user.
 */

// Each real API server takes 10–15 s to start.
jest.setTimeout(120_000);

/** The user the clusters authenticate the backend's token as. */
const DELIVERY = 'system:serviceaccount:backstage:delivery';
const OWNER = 'user:default/alice';
const OTHER = 'user:default/bob';
const ROGUE_SERVICE = 'external:rogue-ci';

const orders = {
  'backstage.io/kubernetes-id': 'orders-api',
  'argocd/app-name': 'orders-api-prod',
  'argocd/instance-name': 'prod',
  'tekton.dev/cicd': 'true',
};
const entities = [
  testComponent('orders-api', orders),
  // Registered by someone else with the same annotations: it claims the same objects.
  testComponent('orders-copy', orders),
  testComponent('payments-api', {
    'backstage.io/kubernetes-id': 'payments-api',
  }),
  // A different selector that happens to match payments-api's objects too.
  testComponent('payments-platform', {
    'backstage.io/kubernetes-label-selector':
      'app.kubernetes.io/part-of=payments-api',
  }),
  // The only entity that claims inventory-api's runs: its owner's writes go through.
  testComponent('inventory-api', {
    'backstage.io/kubernetes-id': 'inventory-api',
    'tekton.dev/cicd': 'true',
  }),
  // Registered with selectors that would match every team's objects.
  testComponent('greedy', {
    'backstage.io/kubernetes-label-selector': '!nope',
    'argocd/app-selector': '!nope',
    'tekton.dev/cicd': 'true',
  }),
];
const catalog = catalogOf(entities);
const permissions = ownerOnlyPermissions(OWNER);
const { auditor, audit } = recordingAuditor();

/** The header of a call with a service token of that subject (what an external access token is). */
const asService = (subject: string) =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(subject),
    targetPluginId: 'delivery',
  });
const key = () => `security-${Math.random().toString(36).slice(2, 12)}`;
const rollout = { cluster: 'prod', namespace: 'orders', name: 'orders-api' };
const application = {
  instance: 'prod',
  application: 'orders-api-prod',
  historyId: 1,
};

/** Each write route with a body that names an object of the entity. */
const WRITES: Array<[string, string, () => object]> = [
  [
    'pipelines/rerun',
    'pipelines/rerun',
    () => ({ cluster: 'ci', namespace: 'orders', name: 'orders-api-ci-h5j7k' }),
  ],
  [
    'pipelines/cancel',
    'pipelines/cancel',
    () => ({ cluster: 'ci', namespace: 'orders', name: 'orders-api-ci-h5j7k' }),
  ],
  ...['promote', 'promote-full', 'abort', 'retry', 'undo'].map(
    (action): [string, string, () => object] => [
      `rollouts/${action}`,
      `rollouts/${action}`,
      () => ({ ...rollout, idempotencyKey: key() }),
    ],
  ),
  [
    'rollback (Argo CD)',
    'rollback',
    () => ({ kind: 'argocd', ...application, idempotencyKey: key() }),
  ],
  [
    'rollback (GitOps)',
    'rollback',
    () => ({ kind: 'gitops', ...application, idempotencyKey: key() }),
  ],
  [
    'rollback (abort canary)',
    'rollback',
    () => ({ kind: 'abort-canary', rollout, idempotencyKey: key() }),
  ],
  [
    'rollback (Rollout undo)',
    'rollback',
    () => ({ kind: 'rollout-undo', rollout, idempotencyKey: key() }),
  ],
];

describe('write routes refuse before any upstream request', () => {
  let argocd: FakeArgoCd;
  let ci: KubernetesApiServer;
  let prod: KubernetesApiServer;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    argocd = await FakeArgoCd.start({
      name: 'prod',
      fixtures: loadArgoCdFixtures().prod,
      tokens: ['prod-token'],
    });
    [ci, prod] = await Promise.all([
      KubernetesApiServer.start({
        name: 'ci',
        fixtures: loadKubernetesFixtures().ci,
        tokens: { 'ci-token': { name: DELIVERY } },
        crds: onlyProjects('tekton'),
      }),
      KubernetesApiServer.start({
        name: 'prod',
        fixtures: loadKubernetesFixtures().prod,
        tokens: { 'prod-token': { name: DELIVERY } },
        crds: onlyProjects('argo-rollouts'),
      }),
    ]);
    ({ server } = await startTestBackend({
      features: [
        deliveryTestPlugin(),
        catalog.factory,
        permissions.factory,
        auditor.factory,
        mockServices.rootConfig.factory({
          data: {
            delivery: {
              argocd: {
                instances: [
                  { name: 'prod', url: argocd.url, token: 'prod-token' },
                ],
              },
              kubernetes: {
                clusters: [
                  ci.deliveryCluster('ci-token', 'ci'),
                  prod.deliveryCluster('prod-token', 'prod'),
                ],
              },
              // Another CI service may upload coverage, nothing else.
              serviceAccess: [
                {
                  subject: 'external:other-ci',
                  actions: ['delivery.coverage.upload'],
                  entities: ['*'],
                },
              ],
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await Promise.all([argocd?.stop(), ci?.stop(), prod?.stop()]);
  });

  beforeEach(() => {
    audit.length = 0;
    argocd.clearRequests();
    ci.resetRequests();
    prod.resetRequests();
  });

  const path = (entity: string, route: string) =>
    `/api/delivery/entities/component/default/${entity}/${route}`;
  /** What the backend asked the upstreams: Argo CD's record, and the clusters' audit logs. */
  const upstreamRequests = async () => {
    const byDelivery = async (name: string, cluster: KubernetesApiServer) =>
      (await cluster.requests())
        .filter(r => r.user === DELIVERY)
        .map(r => `${name} ${r.method} ${r.path} ${r.status}`);
    return [
      ...argocd.requests.map(r => `argocd ${r.method} ${r.path}`),
      ...(await byDelivery('ci', ci)),
      ...(await byDelivery('prod', prod)),
    ];
  };

  it('sees the write of an owner whose entity alone claims the object (the checks below are not vacuous)', async () => {
    const run = {
      cluster: 'ci',
      namespace: 'inventory',
      name: 'inventory-api-ci-n7m3l',
    };
    await request(server)
      .post(path('inventory-api', 'pipelines/cancel'))
      .set('authorization', mockCredentials.user.header(OWNER))
      .send(run)
      .expect(200);
    expect(await upstreamRequests()).toEqual([
      'ci GET /apis/tekton.dev/v1/namespaces/inventory/pipelineruns/inventory-api-ci-n7m3l 200',
      'ci PATCH /apis/tekton.dev/v1/namespaces/inventory/pipelineruns/inventory-api-ci-n7m3l 200',
    ]);
    expect(
      (await ci.object('tekton.dev/v1', 'PipelineRun', run.namespace, run.name))
        .spec.status,
    ).toBe('Cancelled');
  });

  describe.each(WRITES)('%s', (_name, route, body) => {
    it('answers 403 to a user the policy does not let act', async () => {
      const res = await request(server)
        .post(path('orders-api', route))
        .set('authorization', mockCredentials.user.header(OTHER))
        .send(body())
        .expect(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(await upstreamRequests()).toEqual([]);
    });

    it('answers 403 to a service principal without a grant', async () => {
      for (const subject of [ROGUE_SERVICE, 'external:other-ci']) {
        const res = await request(server)
          .post(path('orders-api', route))
          .set('authorization', asService(subject))
          .send(body())
          .expect(403);
        expect(res.body.error.message).toContain(
          `Service '${subject}' may not`,
        );
      }
      expect(await upstreamRequests()).toEqual([]);
    });

    it('answers 400 naming the annotation for an entity whose selector matches everyone', async () => {
      const res = await request(server)
        .post(path('greedy', route))
        .set('authorization', mockCredentials.user.header(OWNER))
        .send(body())
        .expect(400);
      expect(res.body.error.message).toMatch(
        /Annotation '(argocd\/app-selector|backstage\.io\/kubernetes-label-selector)' is invalid: the selector must name at least one label value/,
      );
      expect(await upstreamRequests()).toEqual([]);
    });

    it('answers 409 naming both entities when another entity claims the same object', async () => {
      const res = await request(server)
        .post(path('orders-api', route))
        .set('authorization', mockCredentials.user.header(OWNER))
        .send(body())
        .expect(409);
      expect(res.body.error.message).toContain(
        'claimed by component:default/orders-api and component:default/orders-copy',
      );
      expect(await upstreamRequests()).toEqual([]);
      expect(audit.at(-1)).toMatchObject({
        result: 'failed',
        error: expect.stringMatching(/^ConflictError: /),
      });
    });

    it('answers 413 to a body over the 10 KB limit', async () => {
      await request(server)
        .post(path('orders-api', route))
        .set('authorization', mockCredentials.user.header(OWNER))
        .send({ ...body(), padding: 'x'.repeat(11 * 1024) })
        .expect(413);
      expect(await upstreamRequests()).toEqual([]);
    });
  });

  describe('coverage upload', () => {
    const upload = (entity: string) =>
      `/api/delivery/coverage?${new URLSearchParams({
        entity: `component:default/${entity}`,
        commit: 'a'.repeat(40),
        branch: 'main',
        format: 'go',
      })}`;
    const profile = 'mode: set\nexample.com/x/a.go:1.1,2.2 1 1\n';

    it('answers 403 to a user and to a service bound to nothing, storing nothing', async () => {
      await request(server)
        .post(upload('orders-api'))
        .set('authorization', mockCredentials.user.header(OWNER))
        .set('content-type', 'text/plain')
        .send(profile)
        .expect(403);
      const res = await request(server)
        .post(upload('orders-api'))
        .set('authorization', asService(ROGUE_SERVICE))
        .set('content-type', 'text/plain')
        .send(profile)
        .expect(403);
      expect(res.body.error.message).toBe(
        `Service '${ROGUE_SERVICE}' may not delivery.coverage.upload for 'component:default/orders-api' (no delivery.serviceAccess grant)`,
      );
      const stored = await request(server)
        .get(path('orders-api', 'coverage'))
        .set('authorization', mockCredentials.user.header(OWNER))
        .expect(200);
      expect(stored.body.latest).toBeUndefined();
    });

    it('lets a service read only where a grant says so', async () => {
      await request(server)
        .get(path('orders-api', 'rollouts'))
        .set('authorization', asService('external:other-ci'))
        .expect(403);
      expect(await upstreamRequests()).toEqual([]);
    });
  });

  it('answers 409 after reading the object when another selector matches it too, writing nothing', async () => {
    const res = await request(server)
      .post(path('payments-api', 'rollouts/promote'))
      .set('authorization', mockCredentials.user.header(OWNER))
      .send({
        cluster: 'prod',
        namespace: 'payments',
        name: 'payments-api',
        idempotencyKey: key(),
      })
      .expect(409);
    expect(res.body.error.message).toBe(
      "Rollout 'payments-api' in prod/payments: claimed by component:default/payments-api and component:default/payments-platform; writes through any of them are refused until only one entity selects it",
    );
    expect(await upstreamRequests()).toEqual([
      'prod GET /apis/argoproj.io/v1alpha1/namespaces/payments/rollouts/payments-api 200',
    ]);
  });

  it('shows the shared claim on the tab', async () => {
    const res = await request(server)
      .get(path('orders-api', 'rollouts'))
      .set('authorization', mockCredentials.user.header(OWNER))
      .expect(200);
    expect(res.body.conflicts).toEqual([
      {
        kind: 'kubernetes',
        entities: [
          'component:default/orders-api',
          'component:default/orders-copy',
        ],
        objects: ["Rollout 'orders-api' in prod/orders"],
        message: expect.stringContaining(
          'claimed by component:default/orders-api and component:default/orders-copy',
        ),
      },
    ]);
  });
});
