import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  PipelineRunsResponse,
  PipelineRunView,
} from '@go-delivery/plugin-delivery-common';
import { CrdSchemaValidator } from '@go-delivery/sandbox';
import {
  DEFAULT_RESOURCE_KINDS,
  FakeKubernetes,
  isTektonKind,
  loadKubernetesFixtures,
} from '@go-delivery/sandbox/src/kubernetes';
import { createServer } from 'node:net';
import request from 'supertest';
import { deliveryTestPlugin } from '../__testUtils__/deliveryTestPlugin';
import {
  catalogOf,
  ownerOnlyPermissions,
  recordingAuditor,
  testComponent,
} from '../__testUtils__/routeTestServices';

const fixtures = loadKubernetesFixtures().ci;
const crds = new CrdSchemaValidator();
const NOW = Date.parse('2026-01-15T10:01:30Z');
const OWNER = 'user:default/alice';
const OTHER = 'user:default/bob';
const OUTSIDER = 'user:default/outsider';
const TOKEN = 'ci-token';
const READ_ONLY_TOKEN = 'read-only-token';

const component = testComponent;

const tekton = (id: string, extra: Record<string, string> = {}) =>
  component(id, {
    'backstage.io/kubernetes-id': id,
    'tekton.dev/cicd': 'true',
    ...extra,
  });

const entities = [
  tekton('payments-api'),
  tekton('orders-api'),
  component('inventory-api', {
    'backstage.io/kubernetes-id': 'inventory-api',
    'janus-idp.io/tekton': 'inventory-api',
  }),
  component('orders-pushes', {
    'tekton.dev/cicd': 'true',
    'backstage.io/kubernetes-label-selector':
      'backstage.io/kubernetes-id=orders-api, triggers.tekton.dev/trigger=github-push',
  }),
  tekton('payments-in-orders', {
    'backstage.io/kubernetes-id': 'payments-api',
    'backstage.io/kubernetes-namespace': 'orders',
  }),
  tekton('payments-scoped', {
    'backstage.io/kubernetes-id': 'payments-api',
    'backstage.io/kubernetes-namespace': 'payments',
  }),
  tekton('secret-service', { 'backstage.io/kubernetes-id': 'payments-api' }),
  component('no-tekton', { 'backstage.io/kubernetes-id': 'payments-api' }),
  component('tekton-without-id', { 'tekton.dev/cicd': 'true' }),
  tekton('bad-id', { 'backstage.io/kubernetes-id': 'payments-api,tier=x' }),
  tekton('bad-id-newline', { 'backstage.io/kubernetes-id': 'payments-api\nx' }),
  tekton('bad-selector', {
    'backstage.io/kubernetes-label-selector': 'app=x) or (1=1',
  }),
  tekton('bad-selector-query', {
    'backstage.io/kubernetes-label-selector': 'app=x&watch=true',
  }),
  tekton('bad-namespace', {
    'backstage.io/kubernetes-namespace': '../kube-system',
  }),
];

/** The entities that list payments-api's runs besides payments-api itself only test reads. */
const READ_ONLY_VIEWS = [
  'payments-in-orders',
  'payments-scoped',
  'secret-service',
  'no-tekton',
  'orders-pushes',
];

const catalog = catalogOf(
  entities,
  { entityRef: 'component:default/secret-service', fromUser: OUTSIDER },
  {
    claimIndex: entities.filter(
      e => !READ_ONLY_VIEWS.includes(e.metadata.name),
    ),
  },
);

const permissions = ownerOnlyPermissions(OWNER);

const { auditor, audit } = recordingAuditor();

async function closedPort(): Promise<number> {
  return new Promise(resolve => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('pipelines routes', () => {
  let ci: FakeKubernetes;
  let noTekton: FakeKubernetes;
  let downPort: number;

  beforeAll(async () => {
    downPort = await closedPort();
    noTekton = await FakeKubernetes.start({
      name: 'prod',
      tokens: { [TOKEN]: { name: 'delivery' } },
      kinds: DEFAULT_RESOURCE_KINDS.filter(k => !isTektonKind(k)),
    });
  });

  afterAll(async () => {
    await noTekton.stop();
  });

  beforeEach(async () => {
    ci = await FakeKubernetes.start({
      name: 'ci',
      fixtures,
      tokens: {
        [TOKEN]: { name: 'system:serviceaccount:backstage:delivery' },
        [READ_ONLY_TOKEN]: {
          name: 'system:serviceaccount:backstage:reader',
          verbs: ['get', 'list'],
        },
      },
      // What the API server would refuse, the fake refuses too: every written Tekton object is
      // checked against the CRD schema.
      validate: o => (crds.knows(o) ? crds.validate(o) : []),
    });
    noTekton.clearRequests();
    audit.length = 0;
    permissions.authorize.mockClear();
    catalog.getEntityByRef.mockClear();
  });

  afterEach(async () => {
    await ci.stop();
  });

  async function startBackend(options?: {
    clusters?: object[];
    tekton?: object;
    ciToken?: string;
    ciTimeoutMs?: number;
  }) {
    const clusters = options?.clusters ?? [
      {
        name: 'ci',
        url: ci.url,
        skipTLSVerify: true,
        auth: { type: 'serviceAccount', token: options?.ciToken ?? TOKEN },
        ...(options?.ciTimeoutMs ? { timeoutMs: options.ciTimeoutMs } : {}),
      },
    ];
    const { server } = await startTestBackend({
      features: [
        deliveryTestPlugin({ now: () => NOW }),
        catalog.factory,
        permissions.factory,
        auditor.factory,
        mockServices.rootConfig.factory({
          data: {
            delivery: {
              cache: { ttlSeconds: 0 },
              kubernetes: { timeoutMs: 2000, clusters },
              ...(options?.tekton ? { tekton: options.tekton } : {}),
            },
          },
        }),
      ],
    });
    return server;
  }

  const runsPath = (name: string) =>
    `/api/delivery/entities/component/default/${name}/pipelines`;
  const as = (user: string) => mockCredentials.user.header(user);
  const byName = (body: PipelineRunsResponse) =>
    Object.fromEntries(body.runs.map(r => [r.name, r])) as Record<
      string,
      PipelineRunView
    >;

  describe('listing runs', () => {
    it('returns the entity’s runs newest first with status, commit, branch, task runs and steps', async () => {
      const server = await startBackend();
      const res = await request(server)
        .get(runsPath('payments-api'))
        .expect(200);
      const body: PipelineRunsResponse = res.body;
      expect(body.failures).toEqual([]);
      expect(body.clusters).toEqual(['ci']);
      expect(body.runs.map(r => [r.name, r.status, r.reason])).toEqual([
        ['payments-api-ci-r2d9w', 'running', 'Running'],
        ['payments-api-ci-b6t3v', 'cancelled', 'Cancelled'],
        ['payments-api-ci-m4n8q', 'failed', 'Failed'],
        ['payments-api-ci-7xk2p', 'succeeded', 'Succeeded'],
      ]);
      const runs = byName(body);

      const ok = runs['payments-api-ci-7xk2p'];
      expect(ok).toMatchObject({
        cluster: 'ci',
        namespace: 'payments',
        pipelineName: 'go-service-ci',
        commit: '5758e8ff42879ea60bcbfc54a594e32fc54b09e3',
        branch: 'main',
        repositoryUrl: 'https://github.com/example-org/payments-api',
        eventType: 'push',
        startedAt: '2026-01-14T05:20:00Z',
        completedAt: '2026-01-14T05:26:34Z',
        durationMs: 394_000,
        cancellable: false,
        skippedTasks: [],
      });
      expect(ok.taskRuns.map(t => t.pipelineTaskName)).toEqual([
        'fetch-source',
        'lint',
        'test',
        'vuln-scan',
        'build-push',
        'sign',
        'update-gitops',
      ]);
      expect(
        ok.taskRuns.every(t => t.status === 'succeeded' && t.hasLogs),
      ).toBe(true);

      const failed = runs['payments-api-ci-m4n8q'];
      expect(failed).toMatchObject({
        branch: 'feature/refund-retries',
        eventType: 'pull_request',
      });
      expect(failed.skippedTasks).toEqual([
        { name: 'build-push', reason: 'PipelineRun was stopping' },
        { name: 'sign', reason: 'PipelineRun was stopping' },
        { name: 'update-gitops', reason: 'PipelineRun was stopping' },
      ]);
      const test = failed.taskRuns.find(t => t.pipelineTaskName === 'test')!;
      expect(test).toMatchObject({
        status: 'failed',
        message: '"step-coverage-gate" exited with code 1',
      });
      expect(test.steps.map(s => [s.name, s.status, s.exitCode])).toEqual([
        ['unit-test', 'succeeded', 0],
        ['coverage-gate', 'failed', 1],
        ['upload-coverage', 'skipped', 1],
      ]);
      expect(test.steps[0].durationMs).toBeGreaterThan(100_000);

      const running = runs['payments-api-ci-r2d9w'];
      expect(running).toMatchObject({
        cancellable: true,
        durationMs: NOW - Date.parse('2026-01-15T09:58:00Z'),
      });
      const unitTest = running.taskRuns.find(
        t => t.pipelineTaskName === 'test',
      )!;
      expect(unitTest.status).toBe('running');
      expect(unitTest.steps[0]).toMatchObject({
        status: 'running',
        durationMs: expect.any(Number),
      });

      const cancelled = runs['payments-api-ci-b6t3v'];
      const build = cancelled.taskRuns.find(
        t => t.pipelineTaskName === 'build-push',
      )!;
      expect(build).toMatchObject({
        status: 'cancelled',
        reason: 'TaskRunCancelled',
      });
      expect(build.steps[0]).toMatchObject({
        status: 'cancelled',
        reason: 'TaskRunCancelled',
      });

      // One list of runs and one of task runs, with the validated selector; nothing per run.
      expect(
        ci.requests.map(r => [r.method, r.path, r.query.labelSelector]),
      ).toEqual([
        [
          'GET',
          '/apis/tekton.dev/v1/pipelineruns',
          ['backstage.io/kubernetes-id=payments-api'],
        ],
        [
          'GET',
          '/apis/tekton.dev/v1/taskruns',
          ['backstage.io/kubernetes-id=payments-api'],
        ],
      ]);
      expect(audit).toEqual([
        expect.objectContaining({
          eventId: 'pipelineruns-read',
          meta: { entityRef: 'component:default/payments-api' },
          result: 'succeeded',
          resultMeta: { runs: 4, failedClusters: [] },
        }),
      ]);
    });

    it('reads timed-out runs and commits and branches from Triggers params', async () => {
      const server = await startBackend();
      const runs = byName(
        (await request(server).get(runsPath('orders-api')).expect(200)).body,
      );
      expect(runs['orders-api-ci-w3x9z']).toMatchObject({
        status: 'timed-out',
        reason: 'PipelineRunTimeout',
        message:
          'PipelineRun "orders-api-ci-w3x9z" failed to finish within "30m0s"',
        branch: 'main',
      });
      expect(runs['orders-api-ci-p8q2r']).toMatchObject({
        status: 'failed',
        branch: 'fix/order-totals',
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      });
      const lint = runs['orders-api-ci-p8q2r'].taskRuns.find(
        t => t.pipelineTaskName === 'lint',
      )!;
      expect(lint.steps.map(s => s.status)).toEqual(['succeeded', 'failed']);
    });

    it('reads pending runs and tasks skipped by a when expression (janus-idp.io/tekton)', async () => {
      const server = await startBackend();
      const runs = byName(
        (await request(server).get(runsPath('inventory-api')).expect(200)).body,
      );
      expect(runs['inventory-api-ci-n7m3l']).toMatchObject({
        status: 'pending',
        reason: 'PipelineRunPending',
        cancellable: true,
        taskRuns: [],
      });
      expect(runs['inventory-api-ci-n7m3l'].startedAt).toBeUndefined();
      expect(runs['inventory-api-ci-c4v6b']).toMatchObject({
        status: 'succeeded',
        reason: 'Completed',
        skippedTasks: [
          {
            name: 'update-gitops',
            reason: 'When Expressions evaluated to false',
          },
        ],
      });
    });

    it('passes the label selector annotation through normalised, and honours the namespace annotation', async () => {
      const server = await startBackend();
      const pushes = (
        await request(server).get(runsPath('orders-pushes')).expect(200)
      ).body;
      expect(pushes.runs.map((r: PipelineRunView) => r.name)).toEqual([
        'orders-api-ci-w3x9z',
        'orders-api-ci-h5j7k',
      ]);
      expect(ci.requests[0].query.labelSelector).toEqual([
        'backstage.io/kubernetes-id=orders-api,triggers.tekton.dev/trigger=github-push',
      ]);
      ci.clearRequests();
      const scoped = (
        await request(server).get(runsPath('payments-in-orders')).expect(200)
      ).body;
      expect(scoped.runs).toEqual([]);
      expect(ci.requests.map(r => r.path)).toEqual([
        '/apis/tekton.dev/v1/namespaces/orders/pipelineruns',
        '/apis/tekton.dev/v1/namespaces/orders/taskruns',
      ]);
    });

    it('returns at most the configured number of runs, newest first', async () => {
      const server = await startBackend({ tekton: { maxRuns: 2 } });
      const body = (
        await request(server).get(runsPath('payments-api')).expect(200)
      ).body;
      expect(body.runs.map((r: PipelineRunView) => r.name)).toEqual([
        'payments-api-ci-r2d9w',
        'payments-api-ci-b6t3v',
      ]);
    });

    it('asks every cluster in parallel: one down is a failure, one without Tekton has no runs', async () => {
      const server = await startBackend({
        clusters: [
          {
            name: 'ci',
            url: ci.url,
            skipTLSVerify: true,
            auth: { type: 'serviceAccount', token: TOKEN },
          },
          {
            name: 'prod',
            url: noTekton.url,
            skipTLSVerify: true,
            auth: { type: 'serviceAccount', token: TOKEN },
          },
          {
            name: 'dr',
            url: `http://127.0.0.1:${downPort}`,
            skipTLSVerify: true,
            auth: { type: 'serviceAccount', token: TOKEN },
          },
        ],
      });
      const body = (
        await request(server).get(runsPath('payments-api')).expect(200)
      ).body;
      expect(body.clusters).toEqual(['ci', 'prod', 'dr']);
      expect(body.runs).toHaveLength(4);
      expect(body.failures).toEqual([
        {
          kind: 'kubernetes',
          instance: 'dr',
          reason: 'unreachable',
          message: expect.stringMatching(
            /^Kubernetes cluster 'dr': unreachable: ECONNREFUSED/,
          ),
        },
      ]);
      expect(noTekton.requests.map(r => r.path)).toEqual([
        '/apis/tekton.dev/v1/pipelineruns',
        '/apis/tekton.dev/v1/taskruns',
      ]);
    });

    it('reports a slow cluster as a timeout without waiting for it', async () => {
      ci.setLatency(1500);
      const server = await startBackend({ ciTimeoutMs: 300 });
      const started = Date.now();
      const body = (
        await request(server).get(runsPath('payments-api')).expect(200)
      ).body;
      expect(Date.now() - started).toBeLessThan(1200);
      expect(body.runs).toEqual([]);
      expect(body.failures).toEqual([
        {
          kind: 'kubernetes',
          instance: 'ci',
          reason: 'timeout',
          message: "Kubernetes cluster 'ci': no answer within 300 ms",
        },
      ]);
    });

    it('returns nothing, and asks nothing, for an entity without the Tekton annotation', async () => {
      const server = await startBackend();
      const res = await request(server).get(runsPath('no-tekton')).expect(200);
      expect(res.body).toEqual({ runs: [], failures: [], clusters: [] });
      expect(ci.requests).toEqual([]);
    });

    it.each([
      ['tekton-without-id', 'tekton.dev/cicd'],
      ['bad-id', 'backstage.io/kubernetes-id'],
      ['bad-id-newline', 'backstage.io/kubernetes-id'],
      ['bad-selector', 'backstage.io/kubernetes-label-selector'],
      ['bad-selector-query', 'backstage.io/kubernetes-label-selector'],
      ['bad-namespace', 'backstage.io/kubernetes-namespace'],
    ])(
      'answers 400 naming the annotation for %s, asking nothing upstream',
      async (name, key) => {
        const server = await startBackend();
        const res = await request(server).get(runsPath(name)).expect(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toContain(
          `Annotation '${key}' is invalid`,
        );
        expect(ci.requests).toEqual([]);
      },
    );

    it('answers 404 when the caller may not read the entity, and 401 without credentials', async () => {
      const server = await startBackend();
      await request(server)
        .get(runsPath('secret-service'))
        .set('Authorization', as(OUTSIDER))
        .expect(404);
      await request(server)
        .get(runsPath('payments-api'))
        .set('Authorization', mockCredentials.none.header())
        .expect(401);
      expect(ci.requests).toEqual([]);
    });

    it('never takes an upstream from the request', async () => {
      const server = await startBackend();
      await request(server)
        .get(
          `${runsPath(
            'payments-api',
          )}?cluster=evil&namespace=kube-system&labelSelector=x&url=http://169.254.169.254/`,
        )
        .expect(200);
      expect(ci.requests.map(r => [r.path, r.query])).toEqual([
        [
          '/apis/tekton.dev/v1/pipelineruns',
          {
            labelSelector: ['backstage.io/kubernetes-id=payments-api'],
            limit: ['500'],
          },
        ],
        [
          '/apis/tekton.dev/v1/taskruns',
          {
            labelSelector: ['backstage.io/kubernetes-id=payments-api'],
            limit: ['500'],
          },
        ],
      ]);
    });
  });

  describe('step logs', () => {
    const logPath = (
      entity: string,
      run: string,
      taskRun: string,
      step: string,
      cluster = 'ci',
      ns = 'payments',
    ) =>
      `${runsPath(
        entity,
      )}/${cluster}/${ns}/${run}/taskruns/${taskRun}/steps/${step}/log`;

    it('returns one step’s log, read from the pod’s step container', async () => {
      const server = await startBackend();
      const res = await request(server)
        .get(
          logPath(
            'payments-api',
            'payments-api-ci-m4n8q',
            'payments-api-ci-m4n8q-test',
            'coverage-gate',
          ),
        )
        .expect(200);
      expect(res.body).toEqual({
        cluster: 'ci',
        namespace: 'payments',
        name: 'payments-api-ci-m4n8q',
        taskRun: 'payments-api-ci-m4n8q-test',
        step: 'coverage-gate',
        pod: 'payments-api-ci-m4n8q-test-pod',
        container: 'step-coverage-gate',
        text: fixtures.logs[
          'payments/payments-api-ci-m4n8q-test-pod/step-coverage-gate'
        ],
        truncated: false,
        limitBytes: 262144,
      });
      expect(ci.requests.map(r => `${r.method} ${r.path}`)).toEqual([
        'GET /apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-m4n8q',
        'GET /apis/tekton.dev/v1/namespaces/payments/taskruns/payments-api-ci-m4n8q-test',
        'GET /api/v1/namespaces/payments/pods/payments-api-ci-m4n8q-test-pod/log',
      ]);
      expect(ci.requests[2].query).toEqual({
        container: ['step-coverage-gate'],
        limitBytes: ['262145'],
      });
    });

    it('caps a long log at the configured size and says so', async () => {
      ci.setLog(
        'payments',
        'payments-api-ci-m4n8q-test-pod',
        'step-unit-test',
        'ok\n'.repeat(2000),
      );
      const server = await startBackend({ tekton: { logLimitBytes: 1024 } });
      const res = await request(server)
        .get(
          logPath(
            'payments-api',
            'payments-api-ci-m4n8q',
            'payments-api-ci-m4n8q-test',
            'unit-test',
          ),
        )
        .expect(200);
      expect(res.body.truncated).toBe(true);
      expect(res.body.limitBytes).toBe(1024);
      expect(Buffer.byteLength(res.body.text)).toBe(1024);
      expect(ci.requests[2].query.limitBytes).toEqual(['1025']);
    });

    it('answers 404 for the pod of a cancelled task run, which Tekton deleted', async () => {
      const server = await startBackend();
      const res = await request(server)
        .get(
          logPath(
            'payments-api',
            'payments-api-ci-b6t3v',
            'payments-api-ci-b6t3v-build-push',
            'build-and-push',
          ),
        )
        .expect(404);
      expect(res.body.error.message).toContain(
        "The pod of TaskRun 'payments-api-ci-b6t3v-build-push' is gone",
      );
    });

    it('refuses a run that is not the entity’s, before reading any log', async () => {
      const server = await startBackend();
      await request(server)
        .get(
          logPath(
            'payments-api',
            'payments-db-migrate-q8w4e',
            'payments-db-migrate-q8w4e-migrate',
            'migrate',
          ),
        )
        .expect(404);
      expect(ci.requests.map(r => r.path)).toEqual([
        '/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-db-migrate-q8w4e',
      ]);
    });

    it('refuses a task run of another run of the same entity', async () => {
      const server = await startBackend();
      const res = await request(server)
        .get(
          logPath(
            'payments-api',
            'payments-api-ci-7xk2p',
            'payments-api-ci-m4n8q-test',
            'coverage-gate',
          ),
        )
        .expect(404);
      expect(res.body.error.message).toBe(
        "TaskRun 'payments-api-ci-m4n8q-test' does not belong to PipelineRun 'payments-api-ci-7xk2p'",
      );
      expect(ci.requests.some(r => r.path.endsWith('/log'))).toBe(false);
    });

    it.each([
      [
        'a cluster that is not configured',
        logPath('payments-api', 'r', 't', 's', 'elsewhere'),
      ],
      [
        'a namespace that is not a name',
        logPath('payments-api', 'r', 't', 's', 'ci', 'kube_system'),
      ],
      [
        'a run name with a dot-dot',
        logPath('payments-api', '..%2F..%2Fsecrets', 't', 's'),
      ],
      [
        'a step that smuggles a query',
        logPath('payments-api', 'r', 't', 'x%26follow%3Dtrue'),
      ],
      [
        'a step that is too long',
        logPath('payments-api', 'r', 't', 'x'.repeat(64)),
      ],
      ['a task run with a slash', logPath('payments-api', 'r', 'a%2Fb', 's')],
    ])('answers 400 to %s, asking nothing upstream', async (_, path) => {
      const server = await startBackend();
      const res = await request(server).get(path).expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(ci.requests).toEqual([]);
    });

    it('answers 404 outside the namespace the entity is annotated with', async () => {
      const server = await startBackend();
      await request(server)
        .get(
          logPath(
            'payments-in-orders',
            'payments-api-ci-m4n8q',
            'payments-api-ci-m4n8q-test',
            'unit-test',
          ),
        )
        .expect(404);
      expect(ci.requests).toEqual([]);
    });
  });

  describe('rerun and cancel', () => {
    const action = (entity: string, what: 'rerun' | 'cancel') =>
      `${runsPath(entity)}/${what}`;
    const ref = (name: string, namespace = 'payments') => ({
      cluster: 'ci',
      namespace,
      name,
    });

    it('reruns from the old run’s spec and labels, sending exactly one create', async () => {
      const server = await startBackend();
      const original = ci.object(
        'tekton.dev/v1',
        'PipelineRun',
        'payments',
        'payments-api-ci-m4n8q',
      );
      const res = await request(server)
        .post(action('payments-api', 'rerun'))
        .set('Authorization', as(OWNER))
        .send(ref('payments-api-ci-m4n8q'))
        .expect(201);
      expect(res.body).toEqual({
        action: 'rerun',
        target: ref('payments-api-ci-m4n8q'),
        run: {
          cluster: 'ci',
          namespace: 'payments',
          name: expect.stringMatching(/^payments-api-ci-[a-z0-9]{5}$/),
        },
        replayed: false,
      });

      expect(ci.requests.map(r => [r.method, r.path, r.contentType])).toEqual([
        [
          'GET',
          '/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-m4n8q',
          undefined,
        ],
        [
          'POST',
          '/apis/tekton.dev/v1/namespaces/payments/pipelineruns',
          'application/json',
        ],
      ]);
      const keptLabels = { ...original.metadata.labels };
      delete keptLabels['tekton.dev/pipeline'];
      delete keptLabels['pipelinesascode.tekton.dev/state'];
      expect(ci.requests[1].body).toEqual({
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: {
          generateName: 'payments-api-ci-',
          namespace: 'payments',
          labels: keptLabels,
          annotations: {
            ...original.metadata.annotations,
            'go-delivery.dev/rerun-of': 'payments-api-ci-m4n8q',
            'go-delivery.dev/rerun-by': OWNER,
          },
        },
        spec: original.spec,
      });
      expect(keptLabels['backstage.io/kubernetes-id']).toBe('payments-api');

      // The new run is stored (and passed the CRD schema) and belongs to the entity.
      const created = ci.object(
        'tekton.dev/v1',
        'PipelineRun',
        'payments',
        res.body.run.name,
      );
      expect(created.status).toBeUndefined();
      const list = (
        await request(server).get(runsPath('payments-api')).expect(200)
      ).body;
      expect(list.runs.map((r: PipelineRunView) => r.name)).toContain(
        res.body.run.name,
      );

      expect(audit[0]).toEqual({
        eventId: 'pipelinerun-rerun',
        severityLevel: 'medium',
        meta: {
          actor: OWNER,
          entityRef: 'component:default/payments-api',
          action: 'rerun',
        },
        result: 'succeeded',
        resultMeta: {
          action: 'rerun',
          target: ref('payments-api-ci-m4n8q'),
          run: {
            cluster: 'ci',
            namespace: 'payments',
            name: res.body.run.name,
          },
          replayed: false,
        },
      });
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'delivery.pipelinerun.rerun',
            }),
            resourceRef: 'component:default/payments-api',
          },
        ],
        { credentials: mockCredentials.user(OWNER) },
      );
    });

    it('reruns a cancelled run without carrying its cancellation over', async () => {
      const server = await startBackend();
      await request(server)
        .post(action('payments-api', 'rerun'))
        .set('Authorization', as(OWNER))
        .send(ref('payments-api-ci-b6t3v'))
        .expect(201);
      const body = ci.requests[1].body as any;
      expect(
        ci.object(
          'tekton.dev/v1',
          'PipelineRun',
          'payments',
          'payments-api-ci-b6t3v',
        ).spec.status,
      ).toBe('Cancelled');
      expect(body.spec.status).toBeUndefined();
      expect(body.spec.params).toEqual(
        ci.object(
          'tekton.dev/v1',
          'PipelineRun',
          'payments',
          'payments-api-ci-b6t3v',
        ).spec.params,
      );
    });

    it('cancels a running run with one merge patch of spec.status', async () => {
      const server = await startBackend();
      const res = await request(server)
        .post(action('payments-api', 'cancel'))
        .set('Authorization', as(OWNER))
        .send(ref('payments-api-ci-r2d9w'))
        .expect(200);
      expect(res.body).toEqual({
        action: 'cancel',
        target: ref('payments-api-ci-r2d9w'),
        run: ref('payments-api-ci-r2d9w'),
        replayed: false,
      });
      expect(
        ci.requests.map(r => [r.method, r.path, r.contentType, r.body]),
      ).toEqual([
        [
          'GET',
          '/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-r2d9w',
          undefined,
          undefined,
        ],
        [
          'PATCH',
          '/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-r2d9w',
          'application/merge-patch+json',
          { spec: { status: 'Cancelled' } },
        ],
      ]);
      expect(
        ci.object(
          'tekton.dev/v1',
          'PipelineRun',
          'payments',
          'payments-api-ci-r2d9w',
        ).spec.status,
      ).toBe('Cancelled');
      expect(audit[0]).toMatchObject({
        eventId: 'pipelinerun-cancel',
        result: 'succeeded',
      });
    });

    it('cancels a pending run too, but answers 409 for a finished one without patching', async () => {
      const server = await startBackend();
      await request(server)
        .post(action('inventory-api', 'cancel'))
        .set('Authorization', as(OWNER))
        .send(ref('inventory-api-ci-n7m3l', 'inventory'))
        .expect(200);
      ci.clearRequests();
      const res = await request(server)
        .post(action('payments-api', 'cancel'))
        .set('Authorization', as(OWNER))
        .send(ref('payments-api-ci-7xk2p'))
        .expect(409);
      expect(res.body.error.message).toBe(
        "PipelineRun 'payments-api-ci-7xk2p' has already finished (succeeded)",
      );
      expect(ci.requests.map(r => r.method)).toEqual(['GET']);
    });

    it.each(['rerun', 'cancel'] as const)(
      'answers 403 to %s without the permission, sending nothing upstream, and audits the attempt',
      async what => {
        const server = await startBackend();
        const res = await request(server)
          .post(action('payments-api', what))
          .set('Authorization', as(OTHER))
          .send(ref('payments-api-ci-r2d9w'))
          .expect(403);
        expect(res.body.error.name).toBe('NotAllowedError');
        expect(ci.requests).toEqual([]);
        expect(permissions.authorize).toHaveBeenCalledWith(
          [
            {
              permission: expect.objectContaining({
                name: `delivery.pipelinerun.${what}`,
              }),
              resourceRef: 'component:default/payments-api',
            },
          ],
          { credentials: mockCredentials.user(OTHER) },
        );
        expect(audit).toEqual([
          {
            eventId: `pipelinerun-${what}`,
            severityLevel: 'medium',
            meta: {
              actor: OTHER,
              entityRef: 'component:default/payments-api',
              action: what,
            },
            result: 'failed',
            resultMeta: { action: what, target: ref('payments-api-ci-r2d9w') },
            error: expect.stringMatching(/^NotAllowedError: /),
          },
        ]);
      },
    );

    it('refuses a run that exists but is not the entity’s, without acting on it', async () => {
      const server = await startBackend();
      const res = await request(server)
        .post(action('payments-api', 'rerun'))
        .set('Authorization', as(OWNER))
        .send(ref('payments-db-migrate-q8w4e'))
        .expect(404);
      expect(res.body.error.message).toContain(
        "is not one of the entity's runs",
      );
      expect(ci.requests.map(r => r.method)).toEqual(['GET']);
      await request(server)
        .post(action('payments-in-orders', 'cancel'))
        .set('Authorization', as(OWNER))
        .send(ref('payments-api-ci-r2d9w'))
        .expect(404);
      expect(ci.requests.map(r => r.method)).toEqual(['GET']);
    });

    it.each([
      [
        'an extra field',
        { ...ref('payments-api-ci-r2d9w'), url: 'http://evil' },
        "Unexpected field 'url'",
      ],
      [
        'a missing name',
        { cluster: 'ci', namespace: 'payments' },
        "'name' must be a non-empty string",
      ],
      [
        'a number for a name',
        { ...ref('x'), name: 42 },
        "'name' must be a non-empty string",
      ],
      ['an array', [ref('x')], 'Expected a JSON object'],
      [
        'an unknown cluster',
        { ...ref('x'), cluster: 'evil' },
        "'evil' is not a configured Kubernetes cluster",
      ],
      [
        'a name with a slash',
        ref('../../api/v1/secrets'),
        'is not a PipelineRun name',
      ],
      [
        'a namespace with a selector',
        ref('x', 'payments,a=b'),
        'is not a namespace name',
      ],
    ])(
      'answers 400 to a body with %s, asking nothing upstream',
      async (_, body, message) => {
        const server = await startBackend();
        const res = await request(server)
          .post(action('payments-api', 'cancel'))
          .set('Authorization', as(OWNER))
          .send(body as object)
          .expect(400);
        expect(res.body.error.message).toContain(message);
        expect(ci.requests).toEqual([]);
        expect(audit[0]).toMatchObject({
          eventId: 'pipelinerun-cancel',
          result: 'failed',
        });
      },
    );

    it('answers 502 naming the cluster when the cluster refuses the backend, not the cluster’s 403', async () => {
      const server = await startBackend({ ciToken: READ_ONLY_TOKEN });
      const res = await request(server)
        .post(action('payments-api', 'cancel'))
        .set('Authorization', as(OWNER))
        .send(ref('payments-api-ci-r2d9w'))
        .expect(502);
      expect(res.body.error.message).toContain(
        'Kubernetes cluster \'ci\': HTTP 403: pipelineruns.tekton.dev "payments-api-ci-r2d9w" is forbidden',
      );
    });

    it('answers 503 when the cluster does not answer in time', async () => {
      ci.setLatency(800);
      const server = await startBackend({ ciTimeoutMs: 200 });
      const res = await request(server)
        .post(action('payments-api', 'cancel'))
        .set('Authorization', as(OWNER))
        .send(ref('payments-api-ci-r2d9w'))
        .expect(503);
      expect(res.body.error.message).toBe(
        "Kubernetes cluster 'ci': no answer within 200 ms",
      );
    });
  });
});
