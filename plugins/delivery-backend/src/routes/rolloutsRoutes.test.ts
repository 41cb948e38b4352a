import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  RolloutActionResponse,
  RolloutsResponse,
} from '@go-delivery/plugin-delivery-common';
import {
  KubernetesApiServer,
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

jest.setTimeout(120_000);

const fixtures = loadKubernetesFixtures().prod;
const OWNER = 'user:default/alice';
const OTHER = 'user:default/bob';
const ROLLOUT = ['argoproj.io/v1alpha1', 'Rollout'] as const;
const ACCOUNT = { namespace: 'backstage', name: 'delivery' };

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

/**
 * The prod cluster: a real API server with the Argo Rollouts CRDs (as published, or as `alter`
 * changes them) and the prod fixtures; the backend reads and writes as a service account.
 */
function startCluster(
  alter: (crd: any) => any = crd => crd,
): Promise<KubernetesApiServer> {
  const rollouts = onlyProjects('argo-rollouts');
  return KubernetesApiServer.start({
    name: 'prod',
    fixtures,
    serviceAccounts: [ACCOUNT],
    crds: crd => rollouts(crd) && alter(crd),
  });
}

/** A Rollouts CRD as controllers before v0.10 installed it: no `status` subresource. */
function withoutRolloutStatusSubresource(crd: any) {
  if (crd.metadata.name === 'rollouts.argoproj.io') {
    for (const version of crd.spec.versions)
      delete version.subresources?.status;
  }
  return crd;
}

describe('rollouts routes', () => {
  /** Shared by the tests; each action test's changes to the Rollouts' status are undone after it. */
  let prod: KubernetesApiServer;
  let initialRollouts: any[];

  beforeAll(async () => {
    prod = await startCluster();
    initialRollouts = await prod.objects(...ROLLOUT);
  });

  afterAll(async () => {
    await prod?.stop();
  });

  beforeEach(async () => {
    audit.length = 0;
    permissions.authorize.mockClear();
    prod.resetRequests();
  });

  afterEach(async () => {
    // What the actions wrote, put back as the controller would have it: the next test starts
    // from the fixtures again.
    for (const rollout of initialRollouts) {
      await prod.setStatus(
        ...ROLLOUT,
        rollout.metadata.namespace,
        rollout.metadata.name,
        rollout.status,
      );
    }
  });

  async function startBackend(cluster: KubernetesApiServer = prod) {
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
              // The backends of earlier tests live until the file ends: their collector would
              // read the shared cluster's Rollouts in the middle of a later test.
              dora: { enabled: false },
              kubernetes: {
                timeoutMs: 2000,
                clusters: [
                  {
                    name: 'prod',
                    url: cluster.url,
                    caData: cluster.caData,
                    auth: {
                      type: 'serviceAccount',
                      token: await cluster.serviceAccountToken(
                        ACCOUNT.namespace,
                        ACCOUNT.name,
                      ),
                    },
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
  const ORDERS_PATH =
    '/apis/argoproj.io/v1alpha1/namespaces/orders/rollouts/orders-api';
  /** What the backend wrote, as the API server received and answered it. */
  const writes = async (cluster: KubernetesApiServer = prod) =>
    (await cluster.requests())
      .filter(r => r.method !== 'GET')
      .map(r => [r.method, r.path, r.body, r.status]);
  const stored = (
    namespace: string,
    name: string,
    cluster: KubernetesApiServer = prod,
  ) => cluster.object(...ROLLOUT, namespace, name);
  const initial = (name: string) =>
    initialRollouts.find(r => r.metadata.name === name);
  /** An object without some of its fields. */
  const without = (object: any, ...fields: string[]) =>
    Object.fromEntries(
      Object.entries(object).filter(([key]) => !fields.includes(key)),
    );

  it('shows orders-api paused in its canary: step 1 of 5, 20 %, analysis running', async () => {
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
    expect(
      (await prod.requests()).map(r => [
        r.method,
        r.path,
        r.query.labelSelector,
        r.user,
        r.status,
      ]),
    ).toEqual([
      [
        'GET',
        '/apis/argoproj.io/v1alpha1/rollouts',
        ['backstage.io/kubernetes-id=orders-api'],
        'system:serviceaccount:backstage:delivery',
        200,
      ],
      [
        'GET',
        '/apis/apps/v1/namespaces/orders/replicasets',
        ['app.kubernetes.io/name=orders-api'],
        'system:serviceaccount:backstage:delivery',
        200,
      ],
      [
        'GET',
        '/apis/argoproj.io/v1alpha1/namespaces/orders/analysisruns',
        undefined,
        'system:serviceaccount:backstage:delivery',
        200,
      ],
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
      // No controller runs against the API server: the Rollout waits for it to unpause.
      rollout: {
        phase: 'Progressing',
        message: 'waiting for rollout to unpause',
      },
    });
    expect(await writes()).toEqual([
      [
        'PATCH',
        `${ORDERS_PATH}/status`,
        { status: { pauseConditions: null } },
        200,
      ],
    ]);
    // The server dropped the pause conditions and kept everything else; the spec is untouched.
    const before = initial('orders-api');
    const after = await stored('orders', 'orders-api');
    expect(after.status).toEqual(without(before.status, 'pauseConditions'));
    expect(after.spec).toEqual(before.spec);
    expect(after.metadata.generation).toBe(before.metadata.generation);
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
    const server = await startBackend();
    await request(server)
      .post(path('orders-api', 'promote-full'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: newKey() })
      .expect(200);
    expect(await writes()).toEqual([
      [
        'PATCH',
        `${ORDERS_PATH}/status`,
        { status: { promoteFull: true } },
        200,
      ],
    ]);
    const before = initial('orders-api');
    const after = await stored('orders', 'orders-api');
    expect(after.status).toEqual({ ...before.status, promoteFull: true });
    expect(after.spec).toEqual(before.spec);
  });

  it('aborts a production canary only with the typed confirmation, then retries it', async () => {
    const server = await startBackend();
    const refused = await request(server)
      .post(path('orders-api', 'abort'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: newKey(), confirmation: 'orders' })
      .expect(400);
    expect(refused.body.error.message).toBe(
      "This target looks like production: confirm by sending 'confirmation' equal to 'orders-api'",
    );
    expect(await writes()).toEqual([]);

    const before = initial('orders-api');
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
    const afterAbort = await stored('orders', 'orders-api');
    expect(afterAbort.status).toEqual({ ...before.status, abort: true });
    expect(afterAbort.spec).toEqual(before.spec);

    await request(server)
      .post(path('orders-api', 'retry'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: newKey() })
      .expect(200);
    expect(await writes()).toEqual([
      ['PATCH', `${ORDERS_PATH}/status`, { status: { abort: true } }, 200],
      ['PATCH', `${ORDERS_PATH}/status`, { status: { abort: false } }, 200],
    ]);
    const afterRetry = await stored('orders', 'orders-api');
    expect(afterRetry.status).toEqual({ ...before.status, abort: false });
    expect(afterRetry.spec).toEqual(before.spec);

    const again = await request(server)
      .post(path('orders-api', 'retry'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: newKey() })
      .expect(409);
    expect(again.body.error.message).toBe(
      "Rollout 'orders-api' is not aborted",
    );
  });

  describe('on a cluster of its own', () => {
    let own: KubernetesApiServer | undefined;

    afterEach(async () => {
      await own?.stop();
      own = undefined;
    });

    it('undoes to the previous revision with a JSON patch of spec.template, without the hash label', async () => {
      own = await startCluster();
      const cluster = own;
      // The controller has seen the Rollout as the server stores it (the captured
      // observedGeneration belongs to the captured generation, not to this server's).
      const current = await stored('payments', 'payments-api', cluster);
      await cluster.setStatus(...ROLLOUT, 'payments', 'payments-api', {
        ...current.status,
        observedGeneration: String(current.metadata.generation),
      });
      const before = await stored('payments', 'payments-api', cluster);
      cluster.resetRequests();
      const server = await startBackend(cluster);
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
      const previous = await cluster.object(
        'apps/v1',
        'ReplicaSet',
        'payments',
        'payments-api-6f4b8d7c95',
      );
      const { ['rollouts-pod-template-hash']: hash, ...labels } =
        previous.spec.template.metadata.labels;
      expect(hash).toBe('6f4b8d7c95');
      const requests = await cluster.requests();
      expect(
        requests.map(r => [r.method, r.path, r.query.labelSelector, r.status]),
      ).toEqual([
        [
          'GET',
          '/apis/argoproj.io/v1alpha1/namespaces/payments/rollouts/payments-api',
          undefined,
          200,
        ],
        [
          'GET',
          '/apis/apps/v1/namespaces/payments/replicasets',
          ['app.kubernetes.io/name=payments-api'],
          200,
        ],
        [
          'PATCH',
          '/apis/argoproj.io/v1alpha1/namespaces/payments/rollouts/payments-api',
          undefined,
          200,
        ],
        expect.anything(),
        expect.anything(),
        expect.anything(),
      ]);
      // The ReplicaSet's template as the server stores it (with its defaults), less the hash label.
      const template = {
        ...previous.spec.template,
        metadata: { ...previous.spec.template.metadata, labels },
      };
      expect(requests[2].body).toEqual([
        { op: 'replace', path: '/spec/template', value: template },
      ]);
      // The server applied it to the spec alone: a new generation the controller has not seen.
      const after = await stored('payments', 'payments-api', cluster);
      expect(after.spec).toEqual({ ...before.spec, template });
      expect(after.spec.template.spec.containers[0].image).toBe(
        'ghcr.io/example-org/payments-api:1.7.1',
      );
      expect(after.status).toEqual(before.status);
      expect(after.metadata.generation).toBe(before.metadata.generation + 1);
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
      const older = await cluster.object(
        'apps/v1',
        'ReplicaSet',
        'payments',
        'payments-api-7d5c9f8b46',
      );
      const afterSecond = await stored('payments', 'payments-api', cluster);
      expect(afterSecond.spec.template.spec.containers[0].image).toBe(
        'ghcr.io/example-org/payments-api:1.7.0',
      );
      expect(afterSecond.spec.template.spec).toEqual(older.spec.template.spec);
      expect(afterSecond.metadata.generation).toBe(
        before.metadata.generation + 2,
      );
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
      expect(await writes(cluster)).toHaveLength(2);
    });

    it('falls back to the main resource when the cluster does not serve the status subresource', async () => {
      own = await startCluster(withoutRolloutStatusSubresource);
      const cluster = own;
      const before = await stored('orders', 'orders-api', cluster);
      const server = await startBackend(cluster);
      await request(server)
        .post(path('orders-api', 'promote'))
        .set('authorization', as(OWNER))
        .send({ ...ordersRef, idempotencyKey: newKey() })
        .expect(200);
      const promoted = await stored('orders', 'orders-api', cluster);
      await request(server)
        .post(path('orders-api', 'abort'))
        .set('authorization', as(OWNER))
        .send({
          ...ordersRef,
          idempotencyKey: newKey(),
          confirmation: 'orders-api',
        })
        .expect(200);
      // The server answers 404 for the subresource it does not serve (before reading the patch:
      // the audit log has no body for it); the combined patch goes to the object, and the
      // server stores its status too.
      expect(await writes(cluster)).toEqual([
        ['PATCH', `${ORDERS_PATH}/status`, undefined, 404],
        [
          'PATCH',
          ORDERS_PATH,
          { spec: { paused: false }, status: { pauseConditions: null } },
          200,
        ],
        ['PATCH', `${ORDERS_PATH}/status`, undefined, 404],
        ['PATCH', ORDERS_PATH, { status: { abort: true } }, 200],
      ]);
      expect(promoted.spec).toEqual({ ...before.spec, paused: false });
      expect(promoted.status).toEqual(
        without(before.status, 'pauseConditions'),
      );
      const after = await stored('orders', 'orders-api', cluster);
      // Without the subresource, a change of the status is a new generation too.
      expect(after.metadata.generation).toBe(before.metadata.generation + 2);
      expect(after.spec).toEqual({ ...before.spec, paused: false });
      expect(after.status).toEqual({
        ...without(before.status, 'pauseConditions'),
        abort: true,
      });
    });
  });

  it('answers 403 to a denied user without a single upstream request', async () => {
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
    expect(await prod.requests()).toEqual([]);
    expect(await stored('orders', 'orders-api')).toMatchObject({
      metadata: { generation: initial('orders-api').metadata.generation },
      spec: initial('orders-api').spec,
      status: initial('orders-api').status,
    });
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
    const server = await startBackend();
    await request(server)
      .post(path(entity, 'promote'))
      .set('authorization', as(OWNER))
      .send({ ...ordersRef, idempotencyKey: newKey(), ...change })
      .expect(status);
    expect(await prod.requests()).toEqual([]);
  });

  it("refuses another entity's Rollout after reading it, and an unknown action", async () => {
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
    expect(await writes()).toEqual([]);
    expect(await stored('payments', 'payments-api')).toMatchObject({
      spec: initial('payments-api').spec,
      status: initial('payments-api').status,
    });
  });

  it('acts once on a double click: the same key is answered from the first request', async () => {
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
    expect(await writes()).toEqual([
      [
        'PATCH',
        `${ORDERS_PATH}/status`,
        { status: { pauseConditions: null } },
        200,
      ],
    ]);

    // A different key while an action on the same Rollout runs is refused, not raced.
    const [a, b] = await Promise.all([send(newKey()), send(newKey())]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await writes()).toHaveLength(2);
  });
});
