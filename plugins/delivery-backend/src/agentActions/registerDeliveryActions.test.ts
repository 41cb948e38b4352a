import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  FakeArgoCd,
  FakeKubernetes,
  loadArgoCdFixtures,
  loadKubernetesFixtures,
  RecordedRequest,
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
 * The Delivery actions as an MCP client reaches them: through the actions registry's HTTP API
 * (what the MCP actions backend calls, with the caller's credentials), compared with the same
 * request sent to the route the UI uses.
 */

const OWNER = 'user:default/alice';
const OTHER = 'user:default/bob';
const as = (user: string) => mockCredentials.user.header(user);
const ACTIONS = '/api/delivery/.backstage/actions/v1/actions';
const entityPath = (name: string) =>
  `/api/delivery/entities/component/default/${name}`;
let keys = 0;
const key = () => `agent-key-${Date.now()}-${keys++}`;

const orders = {
  'backstage.io/kubernetes-id': 'orders-api',
  'argocd/app-name': 'orders-api-prod',
  'argocd/instance-name': 'prod',
  'tekton.dev/cicd': 'true',
};

/** What an upstream saw, without what differs between two equal requests (the key, the time). */
function seen(requests: RecordedRequest[]) {
  return requests
    .filter(r => r.method !== 'GET')
    .map(r => ({
      method: r.method,
      path: r.path,
      contentType: r.contentType,
      body: r.body,
    }));
}

describe('Delivery actions in the actions registry', () => {
  let argocd: FakeArgoCd;
  let ci: FakeKubernetes;
  let prod: FakeKubernetes;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const { auditor, audit } = recordingAuditor();

  async function start() {
    argocd = await FakeArgoCd.start({
      name: 'prod',
      fixtures: loadArgoCdFixtures().prod,
      tokens: ['prod-token'],
      operationDurationMs: 0,
    });
    ci = await FakeKubernetes.start({
      name: 'ci',
      fixtures: loadKubernetesFixtures().ci,
      tokens: { 'ci-token': { name: 'delivery' } },
    });
    prod = await FakeKubernetes.start({
      name: 'prod',
      fixtures: loadKubernetesFixtures().prod,
      tokens: { 'prod-token': { name: 'delivery' } },
    });
    ({ server } = await startTestBackend({
      features: [
        deliveryTestPlugin(),
        actionsRegistryServiceFactory,
        catalogOf([
          testComponent('orders-api', orders),
          testComponent('payments-api', {
            'argocd/app-name': 'payments-api-prod',
            'argocd/instance-name': 'prod',
          }),
        ]).factory,
        ownerOnlyPermissions(OWNER).factory,
        auditor.factory,
        mockServices.rootConfig.factory({
          data: {
            delivery: {
              cache: { ttlSeconds: 0 },
              dora: { enabled: false },
              argocd: {
                instances: [
                  { name: 'prod', url: argocd.url, token: 'prod-token' },
                ],
              },
              kubernetes: {
                clusters: [
                  {
                    name: 'ci',
                    url: ci.url,
                    skipTLSVerify: true,
                    auth: { type: 'serviceAccount', token: 'ci-token' },
                  },
                  {
                    name: 'prod',
                    url: prod.url,
                    skipTLSVerify: true,
                    auth: { type: 'serviceAccount', token: 'prod-token' },
                  },
                ],
              },
            },
          },
        }),
      ],
    }));
  }

  async function stop() {
    await Promise.all([argocd?.stop(), ci?.stop(), prod?.stop()]);
  }

  const invoke = (user: string, name: string, input: object) =>
    request(server)
      .post(`${ACTIONS}/${encodeURIComponent(`delivery:${name}`)}/invoke`)
      .set('Authorization', as(user))
      .send(input);

  describe('listed', () => {
    beforeAll(start);
    afterAll(stop);

    it('with their schemas, and the destructive ones marked', async () => {
      const res = await request(server)
        .get(ACTIONS)
        .set('Authorization', as(OWNER));
      expect(res.status).toBe(200);
      const byName = Object.fromEntries(
        res.body.actions.map((a: any) => [a.name, a]),
      );
      expect(Object.keys(byName).sort()).toEqual([
        'get-delivery-state',
        'list-rollback-options',
        'preview-rollback',
        'rerun-pipeline',
        'rollback',
        'rollout-action',
      ]);
      expect(byName.rollback.attributes).toEqual({
        readOnly: false,
        destructive: true,
        idempotent: true,
      });
      expect(byName['rollout-action'].attributes.destructive).toBe(true);
      expect(byName['get-delivery-state'].attributes.readOnly).toBe(true);
      expect(byName['preview-rollback'].attributes.readOnly).toBe(true);
      expect(byName.rollback.schema.input.required).toEqual(
        expect.arrayContaining(['entityRef', 'kind', 'idempotencyKey']),
      );
      expect(
        byName['rollout-action'].schema.input.properties.action.enum,
      ).toEqual(['promote', 'promote-full', 'abort', 'retry', 'undo']);
    });

    it('reads the delivery state as the caller, through the read frames', async () => {
      const res = await invoke(OWNER, 'get-delivery-state', {
        entityRef: 'component:default/orders-api',
      });
      expect(res.status).toBe(200);
      expect(
        res.body.output.deployments.applications.map((a: any) => a.name),
      ).toEqual(['orders-api-prod']);
      expect(res.body.output.rollouts.rollouts.map((r: any) => r.name)).toEqual(
        ['orders-api'],
      );
      expect(
        audit.some(
          e => e.eventId === 'deployments-read' && e.result === 'succeeded',
        ),
      ).toBe(true);
    });

    it('lists and previews rollbacks for someone who may, and refuses the preview to someone who may not', async () => {
      const options = await invoke(OWNER, 'list-rollback-options', {
        entityRef: 'component:default/payments-api',
      });
      expect(options.status).toBe(200);
      expect(
        options.body.output.applications.map((a: any) => a.application),
      ).toEqual(['payments-api-prod']);
      const target = {
        entityRef: 'component:default/payments-api',
        kind: 'argocd',
        instance: 'prod',
        application: 'payments-api-prod',
        historyId: 3,
      };
      const preview = await invoke(OWNER, 'preview-rollback', target);
      expect(preview.status).toBe(200);
      expect(preview.body.output).toMatchObject({
        confirmationRequired: true,
        confirmationText: 'payments-api-prod',
      });
      const refused = await invoke(OTHER, 'preview-rollback', target);
      expect(refused.status).toBe(403);
      // A body the route would refuse is refused the same way, and a field no action takes too.
      const negative = await invoke(OWNER, 'preview-rollback', {
        ...target,
        historyId: -1,
      });
      expect(negative.status).toBe(400);
      const smuggled = await invoke(OWNER, 'preview-rollback', {
        ...target,
        url: 'http://elsewhere.example',
      });
      expect(smuggled.status).toBe(400);
    });
  });

  // Each action once through the registry and once through the UI's route, on fresh upstreams.
  const CASES: Array<[string, string, string, Record<string, unknown>]> = [
    [
      'rollout-action',
      'orders-api',
      'rollouts/abort',
      {
        action: 'abort',
        cluster: 'prod',
        namespace: 'orders',
        name: 'orders-api',
        confirmation: 'orders-api',
      },
    ],
    [
      'rollback',
      'payments-api',
      'rollback',
      {
        kind: 'argocd',
        instance: 'prod',
        application: 'payments-api-prod',
        historyId: 3,
        confirmation: 'payments-api-prod',
      },
    ],
    [
      'rerun-pipeline',
      'orders-api',
      'pipelines/rerun',
      { cluster: 'ci', namespace: 'orders', name: 'orders-api-ci-h5j7k' },
    ],
  ];
  describe.each(CASES)('%s', (name, entity, path, body) => {
    beforeEach(start);
    afterEach(stop);

    const routeBody = () => {
      const { action: _a, ...rest } = body;
      return { ...rest, idempotencyKey: key() };
    };

    it('is refused to someone who may not, before any upstream request', async () => {
      for (const fake of [argocd, ci, prod]) fake.clearRequests();
      const res = await invoke(OTHER, name, {
        entityRef: `component:default/${entity}`,
        ...body,
        idempotencyKey: key(),
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /^Not allowed to delivery\.[a-z.]+ for 'component:default\/[a-z-]+'$/,
      );
      expect([...argocd.requests, ...ci.requests, ...prod.requests]).toEqual(
        [],
      );
    });

    it('sends the upstream exactly what the UI’s route sends', async () => {
      for (const fake of [argocd, ci, prod]) fake.clearRequests();
      const viaRegistry = await invoke(OWNER, name, {
        entityRef: `component:default/${entity}`,
        ...body,
        idempotencyKey: key(),
      });
      expect([viaRegistry.status, viaRegistry.body.error?.message]).toEqual([
        200,
        undefined,
      ]);
      const registrySaw = [argocd, ci, prod].map(f => seen(f.requests));
      await stop();
      await start();
      for (const fake of [argocd, ci, prod]) fake.clearRequests();
      const viaRoute = await request(server)
        .post(`${entityPath(entity)}/${path}`)
        .set('Authorization', as(OWNER))
        .send(routeBody());
      expect(viaRoute.status).toBeLessThan(300);
      const routeSaw = [argocd, ci, prod].map(f => seen(f.requests));
      expect(registrySaw.flat().length).toBeGreaterThan(0);
      expect(registrySaw).toEqual(routeSaw);
      expect(viaRegistry.body.output).toMatchObject({ replayed: false });
    });
  });
});
