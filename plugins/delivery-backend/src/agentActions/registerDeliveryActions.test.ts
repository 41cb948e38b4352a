import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  AuditedRequest,
  FakeArgoCd,
  KubernetesApiServer,
  loadArgoCdFixtures,
  loadKubernetesFixtures,
  onlyProjects,
  RecordedRequest,
} from '@go-delivery/sandbox';
import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import { deliveryTestPlugin } from '../__testUtils__/deliveryTestPlugin';
import {
  RERUN_BY_ANNOTATION,
  RERUN_OF_ANNOTATION,
} from '../services/pipelines/rerunManifest';
import {
  catalogOf,
  ownerOnlyPermissions,
  recordingAuditor,
  testComponent,
} from '../__testUtils__/routeTestServices';

/*
 * The Delivery actions as an MCP client reaches them: through the actions registry's HTTP API
 * (what the MCP actions backend calls, with the caller's credentials), compared with the same
 * request sent to the route the UI uses. The clusters are real API servers (one start each takes
 * seconds): what they received is read from their audit logs, what they stored from the API.
 */

jest.setTimeout(120_000);

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

/** What Argo CD saw, without what differs between two equal requests (the key, the time). */
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

/**
 * What a cluster received, from its audit log: every request, as whom, and what it answered.
 * Reads go out side by side, so a run of GETs is put in a fixed order (the order they arrived in
 * is the network's); writes keep theirs.
 */
function audited(requests: AuditedRequest[]) {
  const recorded = requests.map(r => ({
    method: r.method,
    path: r.path,
    query: r.query,
    body: r.body,
    user: r.user,
    status: r.status,
  }));
  const ordered: typeof recorded = [];
  let reads: typeof recorded = [];
  const endReads = () => {
    const order = (r: (typeof recorded)[number]) =>
      `${r.path}?${JSON.stringify(r.query)}`;
    ordered.push(...reads.sort((x, y) => order(x).localeCompare(order(y))));
    reads = [];
  };
  for (const one of recorded) {
    if (one.method === 'GET') {
      reads.push(one);
    } else {
      endReads();
      ordered.push(one);
    }
  }
  endReads();
  return ordered;
}

const ROLLOUT = [
  'argoproj.io/v1alpha1',
  'Rollout',
  'orders',
  'orders-api',
] as const;
const PIPELINE_RUNS = ['tekton.dev/v1', 'PipelineRun'] as const;
const RERUN_OF = 'orders-api-ci-h5j7k';
/** The revision of payments-api-prod's deploy 3, the rollback's target. */
const ROLLBACK_REVISION = loadArgoCdFixtures().prod.applications[
  'payments-api-prod'
].status.history.find((h: any) => h.id === 3).revision;

describe('Delivery actions in the actions registry', () => {
  let argocd: FakeArgoCd;
  let ci: KubernetesApiServer;
  let prod: KubernetesApiServer;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const { auditor, audit } = recordingAuditor();
  /** orders-api's Rollout status as the fixtures have it. */
  let rolloutStatus: unknown;
  /** The PipelineRuns of `orders` on the CI cluster when the backend started. */
  let runsAtStart: Set<string>;

  // An API server takes seconds to start: the two clusters serve the whole file, and each start
  // of the backend puts back what an action wrote before, as the Rollout's controller would.
  beforeAll(async () => {
    [ci, prod] = await Promise.all([
      KubernetesApiServer.start({
        name: 'ci',
        fixtures: loadKubernetesFixtures().ci,
        tokens: { 'ci-token': { name: 'delivery' } },
        crds: onlyProjects('tekton'),
      }),
      KubernetesApiServer.start({
        name: 'prod',
        fixtures: loadKubernetesFixtures().prod,
        tokens: { 'prod-token': { name: 'delivery' } },
        crds: onlyProjects('argo-rollouts'),
      }),
    ]);
    rolloutStatus = (await prod.object(...ROLLOUT)).status;
  });

  afterAll(async () => {
    await Promise.all([ci?.stop(), prod?.stop()]);
  });

  async function start() {
    argocd = await FakeArgoCd.start({
      name: 'prod',
      fixtures: loadArgoCdFixtures().prod,
      tokens: ['prod-token'],
      operationDurationMs: 0,
    });
    await prod.setStatus(...ROLLOUT, rolloutStatus);
    runsAtStart = new Set(
      (await ci.objects(...PIPELINE_RUNS, 'orders')).map(r => r.metadata.name),
    );
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
                  ci.deliveryCluster('ci-token', 'ci'),
                  prod.deliveryCluster('prod-token', 'prod'),
                ],
              },
            },
          },
        }),
      ],
    }));
  }

  async function stop() {
    await argocd?.stop();
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
        'list-environments',
        'list-rollback-options',
        'preview-promotion',
        'preview-rollback',
        'promote',
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

  // Each action once through the registry and once through the UI's route, each on upstreams as
  // the fixtures have them (a fresh Argo CD, the abort undone, the rerun told apart from earlier
  // ones), with what it wrote as the upstream stored it.
  const CASES: Array<
    [string, string, string, Record<string, unknown>, () => Promise<unknown>]
  > = [
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
      async () => {
        const rollout = await prod.object(...ROLLOUT);
        return { abort: rollout.status.abort ?? false };
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
      async () => {
        const { operationState } =
          argocd.application('payments-api-prod').status;
        return { syncedTo: operationState?.operation?.sync?.revision };
      },
    ],
    [
      'rerun-pipeline',
      'orders-api',
      'pipelines/rerun',
      { cluster: 'ci', namespace: 'orders', name: RERUN_OF },
      async () => {
        const runs = await ci.objects(...PIPELINE_RUNS, 'orders');
        const original = runs.find(r => r.metadata.name === RERUN_OF);
        return runs
          .filter(r => !runsAtStart.has(r.metadata.name))
          .map(r => ({
            generateName: r.metadata.generateName,
            labels: r.metadata.labels,
            rerunOf: r.metadata.annotations[RERUN_OF_ANNOTATION],
            rerunBy: r.metadata.annotations[RERUN_BY_ANNOTATION],
            sameSpec: isDeepStrictEqual(r.spec, original.spec),
            status: r.status,
          }));
      },
    ],
  ];
  /** What each case's write leaves stored, once. */
  const WRITTEN: Record<string, unknown> = {
    'rollout-action': { abort: true },
    rollback: { syncedTo: ROLLBACK_REVISION },
    // Labelled as the original for its entity and trigger, without Tekton's own labels.
    'rerun-pipeline': [
      {
        generateName: 'orders-api-ci-',
        labels: {
          'backstage.io/kubernetes-id': 'orders-api',
          'triggers.tekton.dev/eventlistener': 'github-listener',
          'triggers.tekton.dev/trigger': 'github-push',
          'triggers.tekton.dev/triggers-eventid':
            'e0408489-2af9-f097-e29f-4da04616a2e8',
        },
        rerunOf: RERUN_OF,
        rerunBy: OWNER,
        sameSpec: true,
        status: undefined,
      },
    ],
  };
  describe.each(CASES)('%s', (name, entity, path, body, stored) => {
    beforeEach(start);
    afterEach(stop);

    const routeBody = () => {
      const { action: _a, ...rest } = body;
      return { ...rest, idempotencyKey: key() };
    };

    function resetRequests() {
      argocd.clearRequests();
      ci.resetRequests();
      prod.resetRequests();
    }

    /** What each upstream received since the last reset. */
    async function upstreamsSaw() {
      return {
        argocd: seen(argocd.requests),
        ci: audited(await ci.requests()),
        prod: audited(await prod.requests()),
      };
    }

    it('is refused to someone who may not, before any upstream request', async () => {
      const before = await stored();
      resetRequests();
      const res = await invoke(OTHER, name, {
        entityRef: `component:default/${entity}`,
        ...body,
        idempotencyKey: key(),
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /^Not allowed to delivery\.[a-z.]+ for 'component:default\/[a-z-]+'$/,
      );
      expect(argocd.requests).toEqual([]);
      expect(await upstreamsSaw()).toEqual({ argocd: [], ci: [], prod: [] });
      expect(await stored()).toEqual(before);
    });

    it('sends the upstream exactly what the UI’s route sends', async () => {
      expect(await stored()).not.toEqual(WRITTEN[name]);
      resetRequests();
      const viaRegistry = await invoke(OWNER, name, {
        entityRef: `component:default/${entity}`,
        ...body,
        idempotencyKey: key(),
      });
      expect([viaRegistry.status, viaRegistry.body.error?.message]).toEqual([
        200,
        undefined,
      ]);
      const registrySaw = await upstreamsSaw();
      expect(await stored()).toEqual(WRITTEN[name]);
      await stop();
      await start();
      resetRequests();
      const viaRoute = await request(server)
        .post(`${entityPath(entity)}/${path}`)
        .set('Authorization', as(OWNER))
        .send(routeBody());
      expect(viaRoute.status).toBeLessThan(300);
      const routeSaw = await upstreamsSaw();
      expect(await stored()).toEqual(WRITTEN[name]);
      expect(
        Object.values(registrySaw)
          .flat()
          .filter(r => r.method !== 'GET'),
      ).not.toEqual([]);
      expect(registrySaw).toEqual(routeSaw);
      expect(viaRegistry.body.output).toMatchObject({ replayed: false });
    });
  });
});
