import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  demoCoverageUploads,
  KubernetesApiServer,
  latestTimestamp,
  loadArgoCdFixtures,
  loadKubernetesFixtures,
  readYamlObjects,
  Sandbox,
  SANDBOX_ARGOCD,
  SANDBOX_CATALOG_FILE,
  SANDBOX_KUBERNETES,
  SANDBOX_PROMETHEUS,
  startSandbox,
} from '@go-delivery/sandbox';
import { mkdtempSync, rmSync } from 'node:fs';
import { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import deliveryPlugin from '../..';
import {
  capturedIdentities,
  PIPELINE_RUNS_ONLY_TOKEN,
  REFERENCE_LABEL,
  REFERENCE_TOKEN,
  startPipelineRunsOnlyCluster,
  startReferenceClusters,
} from './__testUtils__/extraClusters';
import {
  staleReport,
  viewModelText,
  writeViewModelFiles,
} from './__testUtils__/viewModelFiles';

/*
 * The view models the frontend's tests use, generated from this backend's own answers: the plugin
 * runs with its public entry and config against the sandbox's upstreams (fake Argo CD instances,
 * real Kubernetes API servers, a real Prometheus with backfilled history, a real GitOps repository)
 * and the demo catalog, coverage arrives through the upload route, and every answer is read
 * through the HTTP routes. The clusters of the Argo Rollouts reference examples and the CI cluster
 * that refuses TaskRuns are real API servers too (`KubernetesApiServer`, RBAC and CRDs included).
 * Answers are written with the uids and creation times of the captured objects (and in the order
 * those times give), not the ones each start of an API server gives. Without UPDATE_VIEW_MODELS=1
 * this test fails when the checked-in files differ from what the backend answers now; with it, it
 * rewrites them (`yarn workspace @go-delivery/plugin-delivery-backend generate:view-models`).
 *
 * Answers depend on the clock (durations of running runs, verdicts too recent to judge, metrics
 * ranges): `Date` is fixed at an hour after the fixtures' newest event, as the local portal shows
 * them, and moved only while coverage is uploaded. Timers stay real. Upstream URLs carry free
 * ports: they are written as the local portal's fixed ports. git dates the rollback commit by the
 * wall clock, so its SHA is written as a placeholder. Fractions are rounded below float noise.
 */

// The generator runs from source; the frontend's test data sits beside it in the repository.
// eslint-disable-next-line no-restricted-syntax
const OUTPUT_DIR = resolve(
  __dirname,
  '../../../delivery/src/testing/generated',
);
const UPDATE = process.env.UPDATE_VIEW_MODELS === '1';

const HOUR = 3600_000;
/** "Now" of every answer: an hour after the newest event of the sandbox's fixtures. */
const NOW =
  Math.max(
    latestTimestamp(loadArgoCdFixtures()),
    latestTimestamp(loadKubernetesFixtures()),
  ) + HOUR;
/** Coverage reports arrive every six hours, the newest an hour before now. */
const COVERAGE_INTERVAL = 6 * HOUR;

/** Who asks: the local portal's guest, who owns the demo services. */
const CALLER = mockCredentials.user.header('user:default/guest');
/** CI's upload credentials. */
const UPLOADER = mockCredentials.service.header();

/** Stands for the SHA of the commit a GitOps rollback makes (git dates it by the wall clock). */
const ROLLBACK_COMMIT = '0123456789abcdef0123456789abcdef01234567';

const REFERENCE_ENTITY = 'reference-rollouts';
const BASE = '/api/delivery/entities/component/default';

function demoEntities(): Entity[] {
  const entities: Entity[] = readYamlObjects(SANDBOX_CATALOG_FILE);
  const reference: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: REFERENCE_ENTITY,
      annotations: {
        'backstage.io/kubernetes-label-selector': `${REFERENCE_LABEL.key}=${REFERENCE_LABEL.value}`,
      },
    },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'guests' },
  };
  return [...entities, reference].map(e => ({
    ...e,
    metadata: { namespace: 'default', ...e.metadata },
  }));
}

async function startDelivery(delivery: object): Promise<Server> {
  // The uploads come with the mock service token: CI's, granted as the sandbox grants its own.
  const serviceAccess = [
    {
      subject: 'external:test-service',
      read: true,
      actions: ['delivery.coverage.upload'],
      entities: ['*'],
    },
  ];
  const { server } = await startTestBackend({
    features: [
      deliveryPlugin,
      catalogServiceMock.factory({ entities: demoEntities() }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: { delivery: { serviceAccess, ...delivery } },
      }),
    ],
  });
  return server;
}

/** The backend's config for the sandbox, as app-config.yaml has it, with the sandbox's URLs. */
function sandboxConfig(sandbox: Sandbox): object {
  const cluster = (name: keyof typeof SANDBOX_KUBERNETES) => ({
    name,
    url: sandbox.kubernetes[name].server.url,
    caData: sandbox.kubernetes[name].server.caData,
    auth: { type: 'serviceAccount', token: sandbox.kubernetes[name].token },
  });
  return {
    argocd: {
      timeoutMs: 5000,
      instances: [
        {
          name: 'prod',
          url: sandbox.argocd.prod.url,
          username: SANDBOX_ARGOCD.prod.username,
          password: SANDBOX_ARGOCD.prod.password,
        },
        {
          name: 'staging',
          url: sandbox.argocd.staging.url,
          token: SANDBOX_ARGOCD.staging.token,
        },
      ],
    },
    kubernetes: { clusters: [cluster('ci'), cluster('prod')] },
    prometheus: {
      scrapeIntervalSeconds: SANDBOX_PROMETHEUS.scrapeIntervalSeconds,
      instances: [{ name: 'default', url: sandbox.prometheus!.url }],
    },
    rollback: {
      gitops: { local: { repositories: sandbox.gitopsRepositories } },
    },
    // Nothing is served from the cache: each answer is read from the upstreams as they are then.
    cache: { ttlSeconds: 0 },
  };
}

/**
 * Prometheus sums in an order of its own, so the last digits of a rate can differ from one run (or
 * version) to the next: fractions are written to nine decimals, more than any card shows.
 */
function roundNoise(value: unknown): unknown {
  if (typeof value !== 'number' || Number.isInteger(value)) return value;
  return Math.round(value * 1e9) / 1e9 || 0;
}

/** `host:port` of a URL. */
function hostOf(url: string): string {
  return new URL(url).host;
}

describe('view models of the frontend tests', () => {
  let gitDir: string;
  let sandbox: Sandbox;
  let reference: Awaited<ReturnType<typeof startReferenceClusters>>;
  let pipelineRunsOnly: KubernetesApiServer;

  beforeAll(async () => {
    // Only Date is fixed: the servers, the HTTP clients and Prometheus need real timers.
    jest.useFakeTimers({
      now: NOW,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    gitDir = mkdtempSync(join(tmpdir(), 'delivery-view-models-'));
    // A real API server takes seconds to start: they start side by side, and what started is
    // stopped after all even when another start fails. Each step of a start has a minute, and a
    // start that ran out is tried once more: the hook's limit leaves room for that.
    const started = await Promise.allSettled([
      startSandbox({ freePorts: true, gitDir }).then(s => (sandbox = s)),
      startReferenceClusters().then(r => (reference = r)),
      startPipelineRunsOnlyCluster().then(s => (pipelineRunsOnly = s)),
    ]);
    for (const result of started) {
      if (result.status === 'rejected') throw result.reason;
    }
  }, 420_000);

  afterAll(async () => {
    await Promise.all([
      sandbox?.stop(),
      reference?.ref.server.stop(),
      reference?.legacy.server.stop(),
      pipelineRunsOnly?.stop(),
    ]);
    if (gitDir) rmSync(gitDir, { recursive: true, force: true });
    jest.useRealTimers();
  }, 60_000);

  /** Reads every answer; keyed by the file it is written to. */
  async function readAnswers(): Promise<{
    answers: Map<string, unknown>;
    rollbackCommit: string;
  }> {
    const answers = new Map<string, unknown>();
    const call = async (
      server: Server,
      file: string,
      path: string,
      body?: object,
    ) => {
      const req = body
        ? request(server).post(path).send(body)
        : request(server).get(path);
      const res = await req.set('authorization', CALLER);
      if (res.status !== 200) {
        throw new Error(`${path}: HTTP ${res.status} ${res.text}`);
      }
      answers.set(file, res.body);
      return res.body;
    };

    const demo = await startDelivery(sandboxConfig(sandbox));
    const get = (file: string, path: string) =>
      call(demo, file, `${BASE}/${path}`);
    const post = (file: string, path: string, body: object) =>
      call(demo, file, `${BASE}/${path}`, body);

    // CI uploads the demo's coverage reports, oldest first, through the real upload route.
    const uploads = demoCoverageUploads();
    for (const service of new Set(uploads.map(u => u.service))) {
      const own = uploads.filter(u => u.service === service);
      for (const [index, upload] of own.entries()) {
        jest.setSystemTime(
          NOW - HOUR - (own.length - 1 - index) * COVERAGE_INTERVAL,
        );
        await request(demo)
          .post('/api/delivery/coverage')
          .query(upload.query)
          .set('authorization', UPLOADER)
          .set('content-type', 'text/plain')
          .send(upload.body)
          .expect(201);
      }
    }
    jest.setSystemTime(NOW);

    // What the cards read for each demo service. The metrics cover two days every half hour: the
    // range that holds payments-api's regression and orders-api's canary, in small files.
    for (const name of ['payments-api', 'orders-api', 'inventory-api']) {
      await get(`${name}.deployments.json`, `${name}/deployments`);
      await get(`${name}.pipelines.json`, `${name}/pipelines`);
      await get(`${name}.rollouts.json`, `${name}/rollouts`);
      await get(`${name}.rollback-options.json`, `${name}/rollback`);
      await get(`${name}.metrics.json`, `${name}/metrics?range=2d&step=30m`);
    }
    // shipping-api: multi-source Helm applications, prod generated by an ApplicationSet.
    await get('shipping-api.deployments.json', 'shipping-api/deployments');
    // Three days of payments-api: its last two prod deploys with their verdicts.
    await get(
      'payments-api.metrics-3d.json',
      'payments-api/metrics?range=3d&step=1h',
    );
    for (const name of ['payments-api', 'orders-api']) {
      await get(`${name}.coverage.json`, `${name}/coverage`);
      // As the coverage card asks: the latest report's branch, the last 50 reports.
      await get(
        `${name}.coverage-history.json`,
        `${name}/coverage/history?branch=main&limit=50`,
      );
    }

    // Previews, then the rollbacks themselves: each to the deploy before the current one.
    const payments = answers.get('payments-api.rollback-options.json') as any;
    // By name: dev sits next to staging on the staging instance.
    const application = (name: string) =>
      payments.applications.find((a: any) => a.application === name);
    const prodApp = application('payments-api-prod');
    const stagingApp = application('payments-api-staging');
    const appRef = (a: any) => ({
      instance: a.instance,
      application: a.application,
      appNamespace: a.appNamespace,
    });
    const gitops = {
      kind: 'gitops',
      ...appRef(prodApp),
      historyId: prodApp.history[1].id,
    };
    const argocd = {
      kind: 'argocd',
      ...appRef(stagingApp),
      historyId: stagingApp.history[1].id,
      disableAutoSync: true,
    };
    const orders = answers.get('orders-api.rollback-options.json') as any;
    const [canary] = orders.canaries;
    const abort = { kind: 'abort-canary', rollout: canary.rollout };
    const paymentsRollback = 'payments-api/rollback';
    const ordersRollback = 'orders-api/rollback';
    await post(
      'payments-api.rollback-preview.gitops.json',
      `${paymentsRollback}/preview`,
      gitops,
    );
    await post(
      'payments-api.rollback-preview.argocd.json',
      `${paymentsRollback}/preview`,
      argocd,
    );
    await post(
      'orders-api.rollback-preview.abort-canary.json',
      `${ordersRollback}/preview`,
      abort,
    );
    const result = await post(
      'payments-api.rollback-result.gitops.json',
      paymentsRollback,
      {
        ...gitops,
        confirmation: prodApp.confirmationText,
        idempotencyKey: 'view-models-gitops',
      },
    );
    await post('payments-api.rollback-result.argocd.json', paymentsRollback, {
      ...argocd,
      idempotencyKey: 'view-models-argocd',
    });
    await post('orders-api.rollback-result.abort-canary.json', ordersRollback, {
      ...abort,
      confirmation: canary.confirmationText,
      idempotencyKey: 'view-models-abort',
    });

    // The Argo Rollouts reference example and an old controller's Rollout, on their own backend.
    const cluster = (
      name: string,
      server: KubernetesApiServer,
      token: string,
    ) => ({
      name,
      url: server.url,
      caData: server.caData,
      auth: { type: 'serviceAccount', token },
    });
    const referenceBackend = await startDelivery({
      kubernetes: {
        clusters: [
          cluster('ref', reference.ref.server, REFERENCE_TOKEN),
          cluster('legacy', reference.legacy.server, REFERENCE_TOKEN),
        ],
      },
    });
    await call(
      referenceBackend,
      'reference.rollouts.json',
      `${BASE}/${REFERENCE_ENTITY}/rollouts`,
    );

    // The CI cluster with a service account that may not list TaskRuns.
    const restrictedBackend = await startDelivery({
      kubernetes: {
        clusters: [cluster('ci', pipelineRunsOnly, PIPELINE_RUNS_ONLY_TOKEN)],
      },
    });
    await call(
      restrictedBackend,
      'payments-api.pipelines-taskruns-forbidden.json',
      `${BASE}/payments-api/pipelines`,
    );

    // Every cluster is a real API server: what it gave the captured objects is written as captured.
    const fixtures = loadKubernetesFixtures();
    const asCaptured = await capturedIdentities([
      { server: sandbox.kubernetes.ci.server, captured: fixtures.ci.objects },
      {
        server: sandbox.kubernetes.prod.server,
        captured: fixtures.prod.objects,
      },
      reference.ref,
      reference.legacy,
      { server: pipelineRunsOnly, captured: fixtures.ci.objects },
    ]);
    for (const [file, answer] of answers) answers.set(file, asCaptured(answer));

    return { answers, rollbackCommit: result.commit.sha };
  }

  it('are what the backend answers (UPDATE_VIEW_MODELS=1 writes them)', async () => {
    const { answers, rollbackCommit } = await readAnswers();

    // Port-dependent and wall-clock-dependent values, written the same way every time.
    const fixedHosts = new Map<string, string>([
      [
        hostOf(sandbox.argocd.prod.url),
        `127.0.0.1:${SANDBOX_ARGOCD.prod.port}`,
      ],
      [
        hostOf(sandbox.argocd.staging.url),
        `127.0.0.1:${SANDBOX_ARGOCD.staging.port}`,
      ],
      [
        hostOf(sandbox.kubernetes.ci.server.url),
        `127.0.0.1:${SANDBOX_KUBERNETES.ci.port}`,
      ],
      [
        hostOf(sandbox.kubernetes.prod.server.url),
        `127.0.0.1:${SANDBOX_KUBERNETES.prod.port}`,
      ],
      [hostOf(sandbox.prometheus!.url), `127.0.0.1:${SANDBOX_PROMETHEUS.port}`],
    ]);
    const replacements: Array<[string, string]> = [
      ...fixedHosts,
      [rollbackCommit, ROLLBACK_COMMIT],
      [rollbackCommit.slice(0, 7), ROLLBACK_COMMIT.slice(0, 7)],
    ];
    const freePorts = new Set(
      [
        ...fixedHosts.keys(),
        hostOf(reference.ref.server.url),
        hostOf(reference.legacy.server.url),
        hostOf(pipelineRunsOnly.url),
      ].map(host => host.split(':')[1]),
    );
    const expected = new Map<string, string>();
    for (const [file, answer] of answers) {
      let text = JSON.stringify(answer);
      for (const [from, to] of replacements) text = text.split(from).join(to);
      const leftover = [...text.matchAll(/(?:127\.0\.0\.1|localhost):(\d+)/g)]
        .map(m => m[1])
        .filter(port => freePorts.has(port));
      if (leftover.length > 0) {
        throw new Error(`${file} names a free port: ${leftover.join(', ')}`);
      }
      expected.set(
        file,
        viewModelText(
          JSON.parse(text, (_key, v) => roundNoise(v)),
          join(OUTPUT_DIR, file),
        ),
      );
    }

    if (UPDATE) writeViewModelFiles(OUTPUT_DIR, expected);
    expect(staleReport(OUTPUT_DIR, expected)).toBe('');
  }, 180_000);
});
