import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  DeploymentsResponse,
  MetricsView,
  PipelineRunsResponse,
  RollbackOptionsResponse,
  RolloutsResponse,
} from '@go-delivery/plugin-delivery-common';
import { ScriptedHttpServer } from '@go-delivery/sandbox';
import request from 'supertest';
import { deliveryTestPlugin } from '../__testUtils__/deliveryTestPlugin';
import { catalogOf, testComponent } from '../__testUtils__/routeTestServices';

const catalog = catalogOf([
  testComponent('payments-api', {
    'argocd/app-selector': 'app.kubernetes.io/part-of=payments-api',
    'backstage.io/kubernetes-id': 'payments-api',
    'tekton.dev/cicd': 'true',
  }),
]);

/** Answers of the right envelope whose contents are of a shape no upstream sends. */
const GARBAGE_LIST = { items: { not: 'a list' } };
const GARBAGE_MATRIX = {
  status: 'success',
  data: { resultType: 'matrix', result: { not: 'a list' } },
};

/** An application Argo CD might list, with the fields the tests make odd. */
const application = (status: object = {}) => ({
  metadata: { name: 'payments-api-prod', namespace: 'argocd' },
  spec: { project: 'payments' },
  status,
});

/**
 * Every upstream answers garbage in its own way; each route answers 200 with a typed failure
 * naming the instance, never a 500.
 */
describe('routes on garbage answers from upstreams', () => {
  let argocd: ScriptedHttpServer;
  let kubernetes: ScriptedHttpServer;
  let prometheus: ScriptedHttpServer;
  let argocdAnswers: Record<string, unknown>;
  let kubernetesAnswers: Record<string, unknown>;

  beforeAll(async () => {
    argocd = await ScriptedHttpServer.start({
      urlPath: '/',
      answer: ({ path }) => ({ body: argocdAnswers[path] ?? {} }),
    });
    kubernetes = await ScriptedHttpServer.start({
      // By resource type, the last segment of a list's path.
      answer: ({ path }) => ({
        body: kubernetesAnswers[path.split('/').pop()!] ?? GARBAGE_LIST,
      }),
    });
    prometheus = await ScriptedHttpServer.start({
      urlPath: '/',
      answer: () => ({ body: GARBAGE_MATRIX }),
    });
  });

  afterAll(async () => {
    await Promise.all([argocd.stop(), kubernetes.stop(), prometheus.stop()]);
  });

  beforeEach(() => {
    argocdAnswers = { '/api/v1/applications': GARBAGE_LIST };
    kubernetesAnswers = {};
  });

  async function startBackend() {
    const { server } = await startTestBackend({
      features: [
        deliveryTestPlugin(),
        catalog.factory,
        mockServices.rootConfig.factory({
          data: {
            delivery: {
              cache: { ttlSeconds: 0 },
              argocd: {
                timeoutMs: 2000,
                instances: [{ name: 'prod', url: argocd.url, token: 't' }],
              },
              kubernetes: {
                timeoutMs: 2000,
                clusters: [
                  {
                    name: 'prod-cluster',
                    url: kubernetes.url,
                    skipTLSVerify: true,
                    auth: { type: 'serviceAccount', token: 'k' },
                  },
                ],
              },
              prometheus: {
                timeoutMs: 2000,
                instances: [{ name: 'main', url: prometheus.url }],
              },
            },
          },
        }),
      ],
    });
    return server;
  }

  const get = async (area: string) =>
    request(await startBackend())
      .get(`/api/delivery/entities/component/default/payments-api/${area}`)
      .expect(200);

  const argocdFailure = (message: string) => ({
    kind: 'argocd',
    instance: 'prod',
    reason: 'bad-response',
    message: `Argo CD 'prod': ${message}`,
  });
  const listFailure = argocdFailure(
    "answered with an application list whose 'items' is not a list",
  );

  it('deployments: an application list whose items are not a list', async () => {
    const body: DeploymentsResponse = (await get('deployments')).body;
    expect(body).toEqual({
      applications: [],
      failures: [listFailure],
      instances: ['prod'],
    });
  });

  it('deployments: a resource tree whose nodes are not a list fails that summary only', async () => {
    argocdAnswers['/api/v1/applications'] = { items: [application()] };
    argocdAnswers['/api/v1/applications/payments-api-prod/resource-tree'] = {
      nodes: 'none',
    };
    const body: DeploymentsResponse = (await get('deployments')).body;
    expect(body.failures).toEqual([]);
    expect(body.applications).toHaveLength(1);
    expect(body.applications[0].resourcesFailure).toEqual(
      argocdFailure(
        "answered with a resource tree whose 'nodes' is not a list",
      ),
    );
  });

  it('deployments: an application the view model cannot be made of', async () => {
    argocdAnswers['/api/v1/applications'] = {
      items: [application({ history: { 0: 'not a list' } })],
    };
    const body: DeploymentsResponse = (await get('deployments')).body;
    expect(body.applications).toEqual([]);
    expect(body.failures).toEqual([
      {
        kind: 'argocd',
        instance: 'prod',
        reason: 'bad-response',
        message: expect.stringMatching(
          /^Argo CD 'prod': answered with data that could not be read \(.+\)$/,
        ),
      },
    ]);
  });

  it('rollback options: an application whose history cannot be read', async () => {
    argocdAnswers['/api/v1/applications'] = {
      items: [application({ history: { 0: 'not a list' } })],
    };
    const body: RollbackOptionsResponse = (await get('rollback')).body;
    expect(body.applications).toEqual([]);
    expect(body.failures).toContainEqual({
      kind: 'argocd',
      instance: 'prod',
      reason: 'bad-response',
      message: expect.stringMatching(
        /^Argo CD 'prod': answered with data that could not be read/,
      ),
    });
  });

  const kubernetesFailure = (plural: string) => ({
    kind: 'kubernetes',
    instance: 'prod-cluster',
    reason: 'bad-response',
    message: `Kubernetes cluster 'prod-cluster': answered with a list of ${plural} whose 'items' is not a list`,
  });

  it('pipelines: a PipelineRun list whose items are not a list', async () => {
    const body: PipelineRunsResponse = (await get('pipelines')).body;
    expect(body.runs).toEqual([]);
    expect(body.clusters).toEqual(['prod-cluster']);
    expect(body.failures).toHaveLength(1);
    expect([
      kubernetesFailure('pipelineruns'),
      kubernetesFailure('taskruns'),
    ]).toContainEqual(body.failures[0]);
  });

  it('pipelines: a run the view model cannot be made of', async () => {
    kubernetesAnswers.pipelineruns = {
      items: [
        {
          metadata: { name: 'payments-api-ci-1', namespace: 'ci' },
          status: { childReferences: 5 },
        },
      ],
    };
    kubernetesAnswers.taskruns = { items: [] };
    const body: PipelineRunsResponse = (await get('pipelines')).body;
    expect(body.runs).toEqual([]);
    expect(body.failures).toEqual([
      {
        kind: 'kubernetes',
        instance: 'prod-cluster',
        reason: 'bad-response',
        message: expect.stringMatching(
          /^Kubernetes cluster 'prod-cluster': answered with data that could not be read/,
        ),
      },
    ]);
  });

  it('rollouts: a Rollout list whose items are not a list', async () => {
    const body: RolloutsResponse = (await get('rollouts')).body;
    expect(body).toEqual({
      rollouts: [],
      failures: [kubernetesFailure('rollouts')],
      clusters: ['prod-cluster'],
    });
  });

  it('metrics: a matrix whose result is not a list, and deploys that cannot be read', async () => {
    const body: MetricsView = (await get('metrics')).body;
    expect(body.configured).toBe(true);
    if (!body.configured) return;
    expect(body.signals.map(s => s.failure)).toEqual(
      Array(3).fill({
        kind: 'prometheus',
        instance: 'main',
        reason: 'bad-response',
        message: "Prometheus 'main': answered with a matrix that is not a list",
      }),
    );
    expect(body.deployFailures).toEqual([listFailure]);
  });
});
