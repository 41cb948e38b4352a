import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  RolloutActionResponse,
  RolloutsResponse,
} from '@go-delivery/plugin-delivery-common';
import { CrdSchemaValidator } from '@go-delivery/sandbox';
import {
  DEFAULT_RESOURCE_KINDS,
  FakeKubernetes,
  loadKubernetesFixtures,
} from '@go-delivery/sandbox/src/kubernetes';
import request from 'supertest';
import { deliveryTestPlugin } from '../__testUtils__/deliveryTestPlugin';
import {
  catalogOf,
  ownerOnlyPermissions,
  recordingAuditor,
  testComponent,
} from '../__testUtils__/routeTestServices';

const fixtures = loadKubernetesFixtures().prod;
const crds = new CrdSchemaValidator();
const OWNER = 'user:default/alice';
const OTHER = 'user:default/bob';
const TOKEN = 'prod-token';

const component = testComponent;

const entities = [
  component('orders-api', { 'backstage.io/kubernetes-id': 'orders-api' }),
  component('payments-api', { 'backstage.io/kubernetes-id': 'payments-api' }),
  component('orders-in-payments', {
    'backstage.io/kubernetes-id': 'orders-api',
    'backstage.io/kubernetes-namespace': 'payments',
  }),
  component('bad-id', {
    'backstage.io/kubernetes-id': 'orders-api,app.kubernetes.io/name=x',
  }),
  component('bad-selector', {
    'backstage.io/kubernetes-label-selector': 'app=x&watch=true',
  }),
  component('no-workloads', {}),
];

/** orders-in-payments lists orders-api's Rollouts in one namespace only to test reads. */
const catalog = catalogOf(entities, undefined, {
  claimIndex: entities.filter(e => e.metadata.name !== 'orders-in-payments'),
});

const permissions = ownerOnlyPermissions(OWNER);

const { auditor, audit } = recordingAuditor();

let keyCounter = 0;
const newKey = () => `test-key-${Date.now()}-${keyCounter++}`;

describe('rollouts routes', () => {
  let prod: FakeKubernetes;

  async function startFake(options?: { statusSubresource?: boolean }) {
    prod = await FakeKubernetes.start({
      name: 'prod',
      fixtures,
      tokens: { [TOKEN]: { name: 'system:serviceaccount:backstage:delivery' } },
      // Every write is checked against the Argo Rollouts CRD, as the API server would.
      validate: o => (crds.knows(o) ? crds.validate(o) : []),
      ...(options?.statusSubresource === false
        ? {
            kinds: DEFAULT_RESOURCE_KINDS.map(k =>
              k.kind === 'Rollout' ? { ...k, statusSubresource: false } : k,
            ),
          }
        : {}),
    });
  }

  beforeEach(async () => {
    audit.length = 0;
    permissions.authorize.mockClear();
  });

  afterEach(async () => {
    await prod?.stop();
  });

  async function startBackend() {
    const { server } = await startTestBackend({
      features: [
        deliveryTestPlugin(),
        catalog.factory,
        permissions.factory,
        auditor.factory,
        mockServices.rootConfig.factory({
          data: {
            delivery: {
              cache: { ttlSeconds: 0 },
              kubernetes: {
                timeoutMs: 2000,
                clusters: [
                  {
                    name: 'prod',
                    url: prod.url,
                    skipTLSVerify: true,
                    auth: { type: 'serviceAccount', token: TOKEN },
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    return server;
  }

  const path = (entity: string, action?: string) =>
    `/api/delivery/entities/component/default/${entity}/rollouts${
      action ? `/${action}` : ''
    }`;
  const as = (user: string) => mockCredentials.user.header(user);
  const ordersRef = {
    cluster: 'prod',
    namespace: 'orders',
    name: 'orders-api',
  };
  const paymentsRef = {
    cluster: 'prod',
    namespace: 'payments',
    name: 'payments-api',
  };
  const writes = () => prod.requests.filter(r => r.method !== 'GET');
  const stored = (namespace: string, name: string) =>
    prod.object('argoproj.io/v1alpha1', 'Rollout', namespace, name);

  it('shows orders-api paused in its canary: step 1 of 5, 20 %, analysis running', async () => {
    await startFake();
    const server = await startBackend();
    const res = await request(server)
      .get(path('orders-api'))
      .set('authorization', as(OWNER))
      .expect(200);
    const body: RolloutsResponse = res.body;
    expect(body.failures).toEqual([]);
    expect(body.clusters).toEqual(['prod']);
    const [orders] = body.rollouts;
    expect(orders).toMatchObject({
      cluster: 'prod',
      namespace: 'orders',
      name: 'orders-api',
      strategy: 'canary',
      phase: 'Paused',
      message: 'CanaryPauseStep',
      revision: 5,
      currentStepIndex: 1,
      totalSteps: 5,
      weights: { canary: 20, stable: 80, source: 'steps' },
      stableHash: '7b9c5d8f46',
      currentHash: '64fd8c9b57',
      updating: true,
      paused: true,
      pauseConditions: [
        { reason: 'CanaryPauseStep', startedAt: '2026-01-15T12:03:40Z' },
      ],
      aborted: false,
      images: ['ghcr.io/example-org/orders-api:2.4.0'],
      actions: {
        promote: true,
        promoteFull: true,
        abort: true,
        retry: false,
        undo: true,
      },
      undoTarget: {
        revision: 4,
        images: ['ghcr.io/example-org/orders-api:2.3.0'],
      },
      confirmationRequired: true,
    });
    expect(
      orders.replicaSets.map(r => [r.revision, r.role, r.replicas]),
    ).toEqual([
      [5, 'canary', 1],
      [4, 'stable', 4],
      [3, 'previous', 0],
    ]);
    const [running, previous] = orders.analysisRuns;
    expect(previous.phase).toBe('Successful');
    expect(running).toMatchObject({
      name: 'orders-api-64fd8c9b57-5',
      phase: 'Running',
      type: 'Background',
      revision: 5,
    });
    expect(
      running.metrics.map(m => [
        m.name,
        m.phase,
        m.provider,
        m.lastMeasurements.map(x => x.value),
      ]),
    ).toEqual([
      ['error-rate', 'Running', 'prometheus', ['[0.0071]', '[0.0094]']],
      ['p95-latency', 'Running', 'prometheus', ['[0.093]', '[0.097]']],
    ]);
    // One list each: Rollouts by the entity's label, ReplicaSets by the Rollout's selector,
    // AnalysisRuns of its namespace (picked by owner).
    expect(prod.requests.map(r => [r.path, r.query.labelSelector])).toEqual([
      [
        '/apis/argoproj.io/v1alpha1/rollouts',
        ['backstage.io/kubernetes-id=orders-api'],
      ],
      [
        '/apis/apps/v1/namespaces/orders/replicasets',
        ['app.kubernetes.io/name=orders-api'],
      ],
      ['/apis/argoproj.io/v1alpha1/namespaces/orders/analysisruns', undefined],
    ]);
    const other = await request(server)
      .get(path('orders-api'))
      .set('authorization', as(OTHER))
      .expect(200);
    // Reading needs no permission of its own: a non-owner sees the same Rollouts (the buttons
    // come from the permission framework in the frontend, and every action checks again).
    expect(other.body.rollouts).toEqual(body.rollouts);
  });

  it('promotes one step with the merge patch on the status subresource', async () => {
    await startFake();
    const server = await startBackend();
    const key = newKey();
    const res = await request(server)
      .post(path('orders-api', 'promote'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: key })
      .expect(200);
    const body: RolloutActionResponse = res.body;
    expect(body).toMatchObject({
      action: 'promote',
      target: ordersRef,
      message: "Rollout 'orders-api' promoted past step 1 of 5",
      replayed: false,
      // No controller runs in the fake: the Rollout waits for it to unpause.
      rollout: {
        phase: 'Progressing',
        message: 'waiting for rollout to unpause',
      },
    });
    expect(
      writes().map(r => [r.method, r.path, r.contentType, r.body]),
    ).toEqual([
      [
        'PATCH',
        '/apis/argoproj.io/v1alpha1/namespaces/orders/rollouts/orders-api/status',
        'application/merge-patch+json',
        { status: { pauseConditions: null } },
      ],
    ]);
    expect(
      stored('orders', 'orders-api').status.pauseConditions,
    ).toBeUndefined();
    expect(audit.at(-1)).toMatchObject({
      eventId: 'rollout-promote',
      severityLevel: 'medium',
      meta: {
        actor: OWNER,
        entityRef: 'component:default/orders-api',
        action: 'promote',
      },
      result: 'succeeded',
      resultMeta: {
        action: 'promote',
        target: ordersRef,
        result: "Rollout 'orders-api' promoted past step 1 of 5",
        replayed: false,
      },
    });
  });

  it('promotes fully with promoteFull on the status subresource', async () => {
    await startFake();
    const server = await startBackend();
    await request(server)
      .post(path('orders-api', 'promote-full'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: newKey() })
      .expect(200);
    expect(writes().map(r => [r.path, r.contentType, r.body])).toEqual([
      [
        '/apis/argoproj.io/v1alpha1/namespaces/orders/rollouts/orders-api/status',
        'application/merge-patch+json',
        { status: { promoteFull: true } },
      ],
    ]);
  });

  it('aborts a production canary only with the typed confirmation, then retries it', async () => {
    await startFake();
    const server = await startBackend();
    const refused = await request(server)
      .post(path('orders-api', 'abort'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: newKey(), confirmation: 'orders' })
      .expect(400);
    expect(refused.body.error.message).toBe(
      "This target looks like production: confirm by sending 'confirmation' equal to 'orders-api'",
    );
    expect(writes()).toEqual([]);

    const aborted = await request(server)
      .post(path('orders-api', 'abort'))
      .set('authorization', as(OWNER))
      .send({
        ...ordersRef,
        idempotencyKey: newKey(),
        confirmation: 'orders-api',
      })
      .expect(200);
    expect(aborted.body.rollout).toMatchObject({
      aborted: true,
      weights: { canary: 0, stable: 100 },
      actions: { retry: true, abort: false },
    });
    await request(server)
      .post(path('orders-api', 'retry'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: newKey() })
      .expect(200);
    expect(writes().map(r => [r.path, r.contentType, r.body])).toEqual([
      [
        '/apis/argoproj.io/v1alpha1/namespaces/orders/rollouts/orders-api/status',
        'application/merge-patch+json',
        { status: { abort: true } },
      ],
      [
        '/apis/argoproj.io/v1alpha1/namespaces/orders/rollouts/orders-api/status',
        'application/merge-patch+json',
        { status: { abort: false } },
      ],
    ]);
    const again = await request(server)
      .post(path('orders-api', 'retry'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: newKey() })
      .expect(409);
    expect(again.body.error.message).toBe(
      "Rollout 'orders-api' is not aborted",
    );
  });

  it('undoes to the previous revision with a JSON patch of spec.template, without the hash label', async () => {
    await startFake();
    const server = await startBackend();
    const res = await request(server)
      .post(path('payments-api', 'undo'))
      .set('authorization', as(OWNER))
      .send({
        ...paymentsRef,
        idempotencyKey: newKey(),
        confirmation: 'payments-api',
      })
      .expect(200);
    expect(res.body.message).toBe(
      "Rollout 'payments-api' returned to the pod template of revision 5",
    );
    const previous = prod.object(
      'apps/v1',
      'ReplicaSet',
      'payments',
      'payments-api-6f4b8d7c95',
    );
    const { ['rollouts-pod-template-hash']: hash, ...labels } =
      previous.spec.template.metadata.labels;
    expect(hash).toBe('6f4b8d7c95');
    expect(
      prod.requests.map(r => [r.method, r.path, r.query.labelSelector]),
    ).toEqual([
      [
        'GET',
        '/apis/argoproj.io/v1alpha1/namespaces/payments/rollouts/payments-api',
        undefined,
      ],
      [
        'GET',
        '/apis/apps/v1/namespaces/payments/replicasets',
        ['app.kubernetes.io/name=payments-api'],
      ],
      [
        'PATCH',
        '/apis/argoproj.io/v1alpha1/namespaces/payments/rollouts/payments-api',
        undefined,
      ],
      expect.anything(),
      expect.anything(),
      expect.anything(),
    ]);
    const [patch] = writes();
    expect(patch.contentType).toBe('application/json-patch+json');
    expect(patch.body).toEqual([
      {
        op: 'replace',
        path: '/spec/template',
        value: { ...previous.spec.template, metadata: { labels } },
      },
    ]);
    expect(
      stored('payments', 'payments-api').spec.template.spec.containers[0].image,
    ).toBe('ghcr.io/example-org/payments-api:1.7.1');
    expect(res.body.rollout).toMatchObject({
      phase: 'Progressing',
      message: 'waiting for rollout spec update to be observed',
    });

    // To a named revision; and undo to what already runs is refused.
    await request(server)
      .post(path('payments-api', 'undo'))
      .set('authorization', as(OWNER))
      .send({
        ...paymentsRef,
        idempotencyKey: newKey(),
        confirmation: 'payments-api',
        toRevision: 4,
      })
      .expect(200);
    expect(
      stored('payments', 'payments-api').spec.template.spec.containers[0].image,
    ).toBe('ghcr.io/example-org/payments-api:1.7.0');
    const same = await request(server)
      .post(path('payments-api', 'undo'))
      .set('authorization', as(OWNER))
      .send({
        ...paymentsRef,
        idempotencyKey: newKey(),
        confirmation: 'payments-api',
        toRevision: 4,
      })
      .expect(409);
    expect(same.body.error.message).toBe(
      "Rollout 'payments-api' already runs the template of revision 4",
    );
  });

  it('falls back to the main resource when the cluster does not serve the status subresource', async () => {
    await startFake({ statusSubresource: false });
    const server = await startBackend();
    await request(server)
      .post(path('orders-api', 'promote'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: newKey() })
      .expect(200);
    await request(server)
      .post(path('orders-api', 'abort'))
      .set('authorization', as(OWNER))
      .send({
        ...ordersRef,
        idempotencyKey: newKey(),
        confirmation: 'orders-api',
      })
      .expect(200);
    const base =
      '/apis/argoproj.io/v1alpha1/namespaces/orders/rollouts/orders-api';
    expect(writes().map(r => [r.path, r.contentType, r.body])).toEqual([
      [
        `${base}/status`,
        'application/merge-patch+json',
        { status: { pauseConditions: null } },
      ],
      [
        base,
        'application/merge-patch+json',
        { spec: { paused: false }, status: { pauseConditions: null } },
      ],
      [
        `${base}/status`,
        'application/merge-patch+json',
        { status: { abort: true } },
      ],
      [base, 'application/merge-patch+json', { status: { abort: true } }],
    ]);
    expect(stored('orders', 'orders-api').status.abort).toBe(true);
  });

  it('answers 403 to a denied user without a single upstream request', async () => {
    await startFake();
    const server = await startBackend();
    for (const action of [
      'promote',
      'promote-full',
      'abort',
      'retry',
      'undo',
    ]) {
      const res = await request(server)
        .post(path('orders-api', action))
        .set('authorization', as(OTHER))
        .send({
          ...ordersRef,
          idempotencyKey: newKey(),
          confirmation: 'orders-api',
        })
        .expect(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    }
    expect(prod.requests).toEqual([]);
    expect(
      permissions.authorize.mock.calls.map(
        ([requests]) => (requests[0] as any).permission.name,
      ),
    ).toEqual([
      'delivery.rollout.promote',
      'delivery.rollout.promote',
      'delivery.rollout.abort',
      'delivery.rollout.promote',
      'delivery.rollback',
    ]);
    expect(audit.map(a => [a.eventId, a.result, a.meta.actor])).toEqual([
      ['rollout-promote', 'failed', OTHER],
      ['rollout-promote-full', 'failed', OTHER],
      ['rollout-abort', 'failed', OTHER],
      ['rollout-retry', 'failed', OTHER],
      ['rollout-undo', 'failed', OTHER],
    ]);
  });

  it.each([
    ['an unknown cluster', 'orders-api', { cluster: 'elsewhere' }, 400],
    [
      'a namespace that walks up',
      'orders-api',
      { namespace: '../kube-system' },
      400,
    ],
    ['a name with a slash', 'orders-api', { name: 'orders-api/status' }, 400],
    ['a name with a query', 'orders-api', { name: 'orders-api?watch=1' }, 400],
    ['an extra field', 'orders-api', { labelSelector: '' }, 400],
    ['a number as name', 'orders-api', { name: 42 }, 400],
    [
      'an idempotency key with spaces',
      'orders-api',
      { idempotencyKey: 'a b c d e f g h' },
      400,
    ],
    ['toRevision on promote', 'orders-api', { toRevision: 3 }, 400],
    ['an id annotation that is a selector', 'bad-id', {}, 400],
    ['a selector annotation with a query', 'bad-selector', {}, 400],
    ['another namespace than the annotation', 'orders-in-payments', {}, 404],
    ['an entity without workloads', 'no-workloads', {}, 404],
  ])('refuses %s before acting', async (_, entity, change, status) => {
    await startFake();
    const server = await startBackend();
    await request(server)
      .post(path(entity, 'promote'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: newKey(), ...change })
      .expect(status);
    expect(prod.requests).toEqual([]);
  });

  it("refuses another entity's Rollout after reading it, and an unknown action", async () => {
    await startFake();
    const server = await startBackend();
    const res = await request(server)
      .post(path('orders-api', 'promote'))
      .set('authorization', as(OWNER))
      .send({ ...paymentsRef, idempotencyKey: newKey() })
      .expect(404);
    expect(res.body.error.message).toBe(
      "Rollout 'payments-api' in prod/payments is not one of the entity's Rollouts",
    );
    await request(server)
      .post(path('orders-api', 'restart'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: newKey() })
      .expect(400);
    expect(writes()).toEqual([]);
  });

  it('acts once on a double click: the same key is answered from the first request', async () => {
    await startFake();
    prod.setLatency(50);
    const server = await startBackend();
    const key = newKey();
    const send = (idempotencyKey: string) =>
      request(server)
        .post(path('orders-api', 'promote'))
        .set('authorization', as(OWNER))
        .send({ ...ordersRef, idempotencyKey });
    const [first, second] = await Promise.all([send(key), send(key)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body.replayed, second.body.replayed].sort()).toEqual([
      false,
      true,
    ]);
    const later = await send(key).expect(200);
    expect(later.body).toMatchObject({
      replayed: true,
      message: first.body.message,
    });
    expect(writes()).toHaveLength(1);

    // A different key while an action on the same Rollout runs is refused, not raced.
    const [a, b] = await Promise.all([send(newKey()), send(newKey())]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(writes()).toHaveLength(2);
  });
});
