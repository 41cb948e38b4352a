import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  PipelineRunsResponse,
  PipelineRunView,
} from '@go-delivery/plugin-delivery-common';
import {
  AuditedRequest,
  freePort,
  KubernetesApiServer,
  loadKubernetesFixtures,
  onlyProjects,
  startTcpProxy,
} from '@go-delivery/sandbox';
import request from 'supertest';
import { deliveryTestPlugin } from '../__testUtils__/deliveryTestPlugin';
import {
  catalogOf,
  ownerOnlyPermissions,
  recordingAuditor,
  testComponent,
} from '../__testUtils__/routeTestServices';

// Each real API server takes 10–15 s to start.
jest.setTimeout(120_000);

const fixtures = loadKubernetesFixtures().ci;
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

function startCi(): Promise<KubernetesApiServer> {
  return KubernetesApiServer.start({
    name: 'ci',
    fixtures,
    tokens: {
      [TOKEN]: { name: 'system:serviceaccount:backstage:delivery' },
      [READ_ONLY_TOKEN]: {
        name: 'system:serviceaccount:backstage:reader',
        verbs: ['get', 'list'],
      },
    },
    crds: onlyProjects('tekton'),
  });
}

describe('pipelines routes', () => {
  // The reads share one cluster with the fixtures as captured; the writes get a fresh one.
  let ci: KubernetesApiServer;
  let noTekton: KubernetesApiServer;
  let downPort: number;

  beforeAll(async () => {
    downPort = await freePort();
    [ci, noTekton] = await Promise.all([
      startCi(),
      KubernetesApiServer.start({
        name: 'prod',
        tokens: { [TOKEN]: { name: 'delivery' } },
        // A prod cluster: Argo Rollouts, no Tekton.
        crds: onlyProjects('argo-rollouts'),
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([ci?.stop(), noTekton?.stop()]);
  });

  beforeEach(async () => {
    ci.resetRequests();
    noTekton.resetRequests();
    audit.length = 0;
    permissions.authorize.mockClear();
    catalog.getEntityByRef.mockClear();
  });

  async function startBackend(options?: {
    clusters?: object[];
    tekton?: object;
    ciToken?: string;
    ciUrl?: string;
    ciTimeoutMs?: number;
  }) {
    const clusters = options?.clusters ?? [
      {
        name: 'ci',
        url: options?.ciUrl ?? ci.url,
        caData: ci.caData,
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
  /** Requests sent in parallel reach the audit log in either order. */
  const sortedByPath = (requests: AuditedRequest[]) =>
    [...requests].sort((a, b) => a.path.localeCompare(b.path));
  /**
   * The names of the stored runs with these labels, newest first by the creation time the server
   * gave them (ties by name). The server stamps the fixtures with the time they were created, in
   * captured order but within a second or two, so runs captured minutes apart may tie.
   */
  /** payments-api's runs, newest start first (the creation times the server gave all tie). */
  const PAYMENTS_NEWEST_FIRST = [
    'payments-api-ci-r2d9w',
    'payments-api-ci-b6t3v',
    'payments-api-ci-m4n8q',
    'payments-api-ci-7xk2p',
  ];

  describe('listing runs', () => {
    it('returns the entity’s runs newest first with status, commit, branch, task runs and steps', async () => {
      const server = await startBackend();
      const res = await request(server)
        .get(runsPath('payments-api'))
        .expect(200);
      const body: PipelineRunsResponse = res.body;
      expect(body.failures).toEqual([]);
      expect(body.clusters).toEqual(['ci']);
      expect(body.runs.map(r => r.name)).toEqual(PAYMENTS_NEWEST_FIRST);
      const runs = byName(body);
      expect(
        Object.fromEntries(body.runs.map(r => [r.name, [r.status, r.reason]])),
      ).toEqual({
        'payments-api-ci-r2d9w': ['running', 'Running'],
        'payments-api-ci-b6t3v': ['cancelled', 'Cancelled'],
        'payments-api-ci-m4n8q': ['failed', 'Failed'],
        'payments-api-ci-7xk2p': ['succeeded', 'Succeeded'],
      });

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

      // One list of runs and one of task runs (in parallel), with the validated selector;
      // nothing per run.
      expect(
        sortedByPath(await ci.requests()).map(r => [
          r.method,
          r.path,
          r.query.labelSelector,
        ]),
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
      expect(
        sortedByPath(await ci.requests()).map(r => [
          r.path,
          r.query.labelSelector,
        ]),
      ).toEqual(
        ['pipelineruns', 'taskruns'].map(plural => [
          `/apis/tekton.dev/v1/${plural}`,
          [
            'backstage.io/kubernetes-id=orders-api,triggers.tekton.dev/trigger=github-push',
          ],
        ]),
      );
      ci.resetRequests();
      const scoped = (
        await request(server).get(runsPath('payments-in-orders')).expect(200)
      ).body;
      expect(scoped.runs).toEqual([]);
      expect(sortedByPath(await ci.requests()).map(r => r.path)).toEqual([
        '/apis/tekton.dev/v1/namespaces/orders/pipelineruns',
        '/apis/tekton.dev/v1/namespaces/orders/taskruns',
      ]);
    });

    it('returns at most the configured number of runs, newest first', async () => {
      const server = await startBackend({ tekton: { maxRuns: 2 } });
      const body = (
        await request(server).get(runsPath('payments-api')).expect(200)
      ).body;
      expect(body.runs.map((r: PipelineRunView) => r.name)).toEqual(
        PAYMENTS_NEWEST_FIRST.slice(0, 2),
      );
    });

    it('asks every cluster in parallel: one down is a failure, one without Tekton has no runs', async () => {
      const server = await startBackend({
        clusters: [
          ci.deliveryCluster(TOKEN, 'ci'),
          noTekton.deliveryCluster(TOKEN, 'prod'),
          {
            name: 'dr',
            url: `https://127.0.0.1:${downPort}`,
            caData: ci.caData,
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
      // The cluster without the Tekton CRDs answers both lists with a 404.
      expect(
        sortedByPath(await noTekton.requests()).map(r => [
          r.method,
          r.path,
          r.status,
        ]),
      ).toEqual([
        ['GET', '/apis/tekton.dev/v1/pipelineruns', 404],
        ['GET', '/apis/tekton.dev/v1/taskruns', 404],
      ]);
    });

    it('reports a slow cluster as a timeout without waiting for it', async () => {
      const slow = await startTcpProxy(ci.url, { delayMs: 1500 });
      try {
        const server = await startBackend({
          ciUrl: slow.url,
          ciTimeoutMs: 300,
        });
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
      } finally {
        await slow.close();
      }
    });

    it('returns nothing, and asks nothing, for an entity without the Tekton annotation', async () => {
      const server = await startBackend();
      const res = await request(server).get(runsPath('no-tekton')).expect(200);
      expect(res.body).toEqual({ runs: [], failures: [], clusters: [] });
      expect(await ci.requests()).toEqual([]);
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
        expect(await ci.requests()).toEqual([]);
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
      expect(await ci.requests()).toEqual([]);
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
      expect(
        sortedByPath(await ci.requests()).map(r => [r.path, r.query]),
      ).toEqual([
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
      const requests = await ci.requests();
      expect(requests.map(r => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'GET /apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-m4n8q 200',
        'GET /apis/tekton.dev/v1/namespaces/payments/taskruns/payments-api-ci-m4n8q-test 200',
        'GET /api/v1/namespaces/payments/pods/payments-api-ci-m4n8q-test-pod/log 200',
      ]);
      expect(requests[2].query).toEqual({
        container: ['step-coverage-gate'],
        limitBytes: ['262145'],
      });
    });

    it('caps a long log at the configured size and says so', async () => {
      const container = [
        'payments',
        'payments-api-ci-m4n8q-test-pod',
        'step-unit-test',
      ] as const;
      ci.setLog(...container, 'ok\n'.repeat(2000));
      try {
        const server = await startBackend({
          tekton: { logLimitBytes: 1024 },
        });
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
        expect((await ci.requests())[2].query.limitBytes).toEqual(['1025']);
      } finally {
        ci.setLog(...container, fixtures.logs[container.join('/')] ?? '');
      }
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
      // The server itself answered 404 for the pod's log.
      expect((await ci.requests()).at(-1)).toMatchObject({
        method: 'GET',
        path: '/api/v1/namespaces/payments/pods/payments-api-ci-b6t3v-build-push-pod/log',
        status: 404,
      });
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
      expect((await ci.requests()).map(r => r.path)).toEqual([
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
      expect((await ci.requests()).some(r => r.path.endsWith('/log'))).toBe(
        false,
      );
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
      expect(await ci.requests()).toEqual([]);
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
      expect(await ci.requests()).toEqual([]);
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
    const storedRun = (name: string, namespace = 'payments') =>
      ci.object('tekton.dev/v1', 'PipelineRun', namespace, name);

    // The writes change the cluster: they get one of their own, as captured.
    beforeAll(async () => {
      await ci.stop();
      ci = await startCi();
    });

    it('reruns from the old run’s spec and labels, sending exactly one create', async () => {
      const server = await startBackend();
      const original = await storedRun('payments-api-ci-m4n8q');
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

      const requests = await ci.requests();
      expect(requests.map(r => [r.method, r.path, r.user, r.status])).toEqual([
        [
          'GET',
          '/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-m4n8q',
          'system:serviceaccount:backstage:delivery',
          200,
        ],
        [
          'POST',
          '/apis/tekton.dev/v1/namespaces/payments/pipelineruns',
          'system:serviceaccount:backstage:delivery',
          201,
        ],
      ]);
      const keptLabels = { ...original.metadata.labels };
      delete keptLabels['tekton.dev/pipeline'];
      delete keptLabels['pipelinesascode.tekton.dev/state'];
      expect(requests[1].body).toEqual({
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

      // The server took the new run through Tekton's CRD schema (201 above) and stored it as
      // sent: nothing pruned as unknown to the schema, no status until a controller writes one.
      const sent = requests[1].body as any;
      const created = await storedRun(res.body.run.name);
      expect(created).toMatchObject({
        metadata: {
          name: res.body.run.name,
          generateName: 'payments-api-ci-',
          labels: keptLabels,
          annotations: sent.metadata.annotations,
        },
        spec: original.spec,
      });
      expect(created.spec).toEqual(sent.spec);
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
      const res = await request(server)
        .post(action('payments-api', 'rerun'))
        .set('Authorization', as(OWNER))
        .send(ref('payments-api-ci-b6t3v'))
        .expect(201);
      const body = (await ci.requests())[1].body as any;
      const original = await storedRun('payments-api-ci-b6t3v');
      expect(original.spec.status).toBe('Cancelled');
      expect(body.spec.status).toBeUndefined();
      expect(body.spec.params).toEqual(original.spec.params);
      // The server stored a run that will start, with the cancelled run's params.
      const created = await storedRun(res.body.run.name);
      expect(created.spec.status).toBeUndefined();
      expect(created.spec.params).toEqual(original.spec.params);
    });

    it('cancels a running run with one merge patch of spec.status', async () => {
      const server = await startBackend();
      const before = await storedRun('payments-api-ci-r2d9w');
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
      // The audit log has no content type; a CRD takes no strategic merge patch and a JSON patch
      // is an array, so the server applying this object is the merge patch.
      expect(
        (await ci.requests()).map(r => [r.method, r.path, r.status, r.body]),
      ).toEqual([
        [
          'GET',
          '/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-r2d9w',
          200,
          undefined,
        ],
        [
          'PATCH',
          '/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-r2d9w',
          200,
          { spec: { status: 'Cancelled' } },
        ],
      ]);
      // Only spec.status changed: the rest of the spec and the status are as they were.
      const cancelled = await storedRun('payments-api-ci-r2d9w');
      expect(before.spec.status).toBeUndefined();
      expect(cancelled.spec).toEqual({ ...before.spec, status: 'Cancelled' });
      expect(cancelled.status).toEqual(before.status);
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
      expect(
        (await storedRun('inventory-api-ci-n7m3l', 'inventory')).spec.status,
      ).toBe('Cancelled');
      ci.resetRequests();
      const res = await request(server)
        .post(action('payments-api', 'cancel'))
        .set('Authorization', as(OWNER))
        .send(ref('payments-api-ci-7xk2p'))
        .expect(409);
      expect(res.body.error.message).toBe(
        "PipelineRun 'payments-api-ci-7xk2p' has already finished (succeeded)",
      );
      expect((await ci.requests()).map(r => r.method)).toEqual(['GET']);
      expect(
        (await storedRun('payments-api-ci-7xk2p')).spec.status,
      ).toBeUndefined();
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
        expect(await ci.requests()).toEqual([]);
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
      expect((await ci.requests()).map(r => r.method)).toEqual(['GET']);
      await request(server)
        .post(action('payments-in-orders', 'cancel'))
        .set('Authorization', as(OWNER))
        .send(ref('payments-api-ci-r2d9w'))
        .expect(404);
      expect((await ci.requests()).map(r => r.method)).toEqual(['GET']);
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
        expect(await ci.requests()).toEqual([]);
        expect(audit[0]).toMatchObject({
          eventId: 'pipelinerun-cancel',
          result: 'failed',
        });
      },
    );

    it.each([
      [
        'cancel',
        'PATCH',
        '/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-r2d9w',
        'pipelineruns.tekton.dev "payments-api-ci-r2d9w" is forbidden: User "system:serviceaccount:backstage:reader" cannot patch resource "pipelineruns" in API group "tekton.dev" in the namespace "payments"',
      ],
      [
        'rerun',
        'POST',
        '/apis/tekton.dev/v1/namespaces/payments/pipelineruns',
        'pipelineruns.tekton.dev is forbidden: User "system:serviceaccount:backstage:reader" cannot create resource "pipelineruns" in API group "tekton.dev" in the namespace "payments"',
      ],
    ] as const)(
      'answers 502 to %s naming the cluster and its RBAC refusal when the cluster refuses the backend, not the cluster’s 403',
      async (what, method, path, reason) => {
        const before = await ci.objects('tekton.dev/v1', 'PipelineRun');
        const server = await startBackend({ ciToken: READ_ONLY_TOKEN });
        const res = await request(server)
          .post(action('payments-api', what))
          .set('Authorization', as(OWNER))
          .send(ref('payments-api-ci-r2d9w'))
          .expect(502);
        expect(res.body.error.name).toBe('BadGatewayError');
        expect(res.body.error.message).toBe(
          `Kubernetes cluster 'ci': HTTP 403: ${reason}`,
        );
        // The reader may read the run; RBAC refused the write, and nothing changed.
        expect(
          (await ci.requests()).map(r => [r.method, r.path, r.user, r.status]),
        ).toEqual([
          [
            'GET',
            '/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-r2d9w',
            'system:serviceaccount:backstage:reader',
            200,
          ],
          [method, path, 'system:serviceaccount:backstage:reader', 403],
        ]);
        const after = await ci.objects('tekton.dev/v1', 'PipelineRun');
        expect(
          after.map(r => [r.metadata.name, r.metadata.resourceVersion]),
        ).toEqual(
          before.map(r => [r.metadata.name, r.metadata.resourceVersion]),
        );
      },
    );

    it('answers 503 when the cluster does not answer in time', async () => {
      const slow = await startTcpProxy(ci.url, { delayMs: 800 });
      try {
        const server = await startBackend({
          ciUrl: slow.url,
          ciTimeoutMs: 200,
        });
        const res = await request(server)
          .post(action('payments-api', 'cancel'))
          .set('Authorization', as(OWNER))
          .send(ref('payments-api-ci-r2d9w'))
          .expect(503);
        expect(res.body.error.message).toBe(
          "Kubernetes cluster 'ci': no answer within 200 ms",
        );
      } finally {
        await slow.close();
      }
    });
  });
});
