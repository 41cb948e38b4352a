import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  RollbackOptionsResponse,
  RollbackPreview,
} from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdSchemaValidator,
  cloneFixtures,
  FakeArgoCd,
  gitLog,
  gitShow,
  KubernetesApiServer,
  loadArgoCdFixtures,
  loadKubernetesFixtures,
  onlyProjects,
  seedGitopsRepository,
} from '@go-delivery/sandbox';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { deliveryTestPlugin } from '../__testUtils__/deliveryTestPlugin';
import {
  catalogOf,
  ownerOnlyPermissions,
  recordingAuditor,
  testComponent,
} from '../__testUtils__/routeTestServices';

const OWNER = 'user:default/alice';
const OTHER = 'user:default/bob';
const IMAGE = 'ghcr.io/example-org/payments-api';
const GITOPS_URL = 'https://github.com/example-org/payments-api-gitops';
const FILE = 'overlays/prod/kustomization.yaml';
/** payments-api's prod deploys, history ids 0–5; 1.7.2 is the regression. */
const DEPLOYS = ['1.6.0', '1.6.1', '1.6.2', '1.7.0', '1.7.1', '1.7.2'];
const swagger = new ArgoCdSchemaValidator();
const ROLLOUT = ['argoproj.io/v1alpha1', 'Rollout'] as const;
const ACCOUNT = { namespace: 'backstage', name: 'delivery' };

jest.setTimeout(120_000);

const component = testComponent;

const entities = [
  component('payments-api', {
    'argocd/app-selector': 'app.kubernetes.io/part-of=payments-api',
    'backstage.io/kubernetes-id': 'payments-api',
  }),
  component('orders-api', {
    'argocd/app-name': 'orders-api-prod',
    'argocd/instance-name': 'prod',
    'backstage.io/kubernetes-id': 'orders-api',
  }),
  component('bad-selector', {
    'argocd/app-selector': 'app=x) or (1=1',
  }),
  component('bad-kubernetes-id', {
    'argocd/app-name': 'payments-api-prod',
    'backstage.io/kubernetes-id': 'orders-api&watch=true',
  }),
];

/** bad-kubernetes-id names payments-api-prod only to test a malformed Kubernetes id. */
const catalog = catalogOf(entities, undefined, {
  claimIndex: entities.filter(e => e.metadata.name !== 'bad-kubernetes-id'),
});

const permissions = ownerOnlyPermissions(OWNER);

const { auditor, audit } = recordingAuditor();

let keyCounter = 0;
const newKey = () => `key-${Date.now()}-${keyCounter++}`;

describe('rollback routes', () => {
  let tmp: string;
  let repo: string;
  let commits: string[];
  let prod: FakeArgoCd;
  let staging: FakeArgoCd;
  /** The prod cluster, a real API server shared by the tests (see afterEach). */
  let cluster: KubernetesApiServer;
  let initialRollouts: any[];

  beforeAll(async () => {
    cluster = await KubernetesApiServer.start({
      name: 'prod',
      fixtures: loadKubernetesFixtures().prod,
      serviceAccounts: [ACCOUNT],
      crds: onlyProjects('argo-rollouts'),
    });
    initialRollouts = await cluster.objects(...ROLLOUT);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  beforeEach(async () => {
    audit.length = 0;
    permissions.authorize.mockClear();
    tmp = mkdtempSync(join(tmpdir(), 'delivery-rollback-'));
    repo = join(tmp, 'payments-api-gitops');
    commits = seedGitopsRepository({
      path: repo,
      overlay: 'overlays/prod',
      image: IMAGE,
      namespace: 'payments',
      deploys: DEPLOYS.map(tag => ({ tag })),
    });
    // The demo history, with the revisions the seeded repository really has.
    const prodFixtures = cloneFixtures(loadArgoCdFixtures().prod);
    const app = prodFixtures.applications['payments-api-prod'];
    app.status.history.forEach((h: any, i: number) => {
      h.revision = commits[i];
    });
    const newest = commits[commits.length - 1];
    app.status.sync.revision = newest;
    app.status.operationState.operation.sync.revision = newest;
    app.status.operationState.syncResult.revision = newest;
    const invalid = swagger.validate('v1alpha1Application', app);
    if (invalid.length > 0) throw new Error(invalid.join('; '));
    prod = await FakeArgoCd.start({
      name: 'prod',
      fixtures: prodFixtures,
      tokens: ['prod-token'],
      operationDurationMs: 0,
    });
    staging = await FakeArgoCd.start({
      name: 'staging',
      fixtures: loadArgoCdFixtures().staging,
      tokens: ['staging-token'],
      operationDurationMs: 0,
    });
  });

  afterEach(async () => {
    await Promise.all([prod.stop(), staging.stop()]);
    rmSync(tmp, { recursive: true, force: true });
    // What an abort wrote, put back as the controller would have it: the next test starts from
    // the fixtures again.
    for (const rollout of initialRollouts) {
      await cluster.setStatus(
        ...ROLLOUT,
        rollout.metadata.namespace,
        rollout.metadata.name,
        rollout.status,
      );
    }
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
              cache: { ttlSeconds: 60 },
              // The backends of earlier tests live until the file ends: their collector would
              // read the shared cluster's Rollouts in the middle of a later test.
              dora: { enabled: false },
              argocd: {
                timeoutMs: 2000,
                instances: [
                  { name: 'prod', url: prod.url, token: 'prod-token' },
                  { name: 'staging', url: staging.url, token: 'staging-token' },
                ],
              },
              kubernetes: {
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
              rollback: {
                gitops: {
                  local: { repositories: [{ url: GITOPS_URL, path: repo }] },
                },
              },
            },
          },
        }),
      ],
    });
    prod.clearRequests();
    staging.clearRequests();
    cluster.resetRequests();
    return server;
  }

  const base = (entity: string) =>
    `/api/delivery/entities/component/default/${entity}/rollback`;
  const as = (user: string) => mockCredentials.user.header(user);
  const argocdWrites = (fake: FakeArgoCd) =>
    fake.requests.filter(r => r.method !== 'GET');
  const clusterWrites = async () =>
    (await cluster.requests()).filter(r => r.method !== 'GET');
  const payments = {
    instance: 'prod',
    application: 'payments-api-prod',
    appNamespace: 'argocd',
  };
  const head = () => gitLog(repo, ['-1', '--format=%H']).trim();

  it('offers what applies: the canary, Argo CD (and why not), GitOps, the history', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get(base('payments-api'))
      .set('authorization', as(OWNER))
      .expect(200);
    const body: RollbackOptionsResponse = res.body;
    expect(body.failures).toEqual([]);
    expect(body.canaries).toEqual([]);
    expect(body.allowed).toEqual({ abortCanary: true, rollback: true });
    const byName = (name: string) =>
      body.applications.find(a => a.application === name)!;
    const prodApp = byName('payments-api-prod');
    const stagingApp = byName('payments-api-staging');
    expect(prodApp).toMatchObject({
      ...payments,
      project: 'payments',
      currentRevision: commits[5],
      autoSync: false,
      confirmationRequired: true,
      confirmationText: 'payments-api-prod',
      argocd: { available: true, requiresDisablingAutoSync: false },
      gitops: {
        available: true,
        provider: 'local',
        mode: 'commit',
        repository: GITOPS_URL,
        branch: 'main',
        file: FILE,
      },
    });
    expect(prodApp.history.map(h => [h.id, h.revision, h.current])).toEqual(
      [5, 4, 3, 2, 1, 0].map(id => [id, commits[id], id === 5]),
    );
    expect(stagingApp).toMatchObject({
      instance: 'staging',
      application: 'payments-api-staging',
      autoSync: true,
      confirmationRequired: false,
      argocd: {
        available: true,
        requiresDisablingAutoSync: true,
        reason: expect.stringContaining(
          'Argo CD refuses a rollback while automated sync is on',
        ),
      },
    });

    const orders = await request(server)
      .get(base('orders-api'))
      .set('authorization', as(OTHER))
      .expect(200);
    expect(orders.body.allowed).toEqual({
      abortCanary: false,
      rollback: false,
    });
    expect(orders.body.canaries).toEqual([
      {
        rollout: { cluster: 'prod', namespace: 'orders', name: 'orders-api' },
        phase: 'Paused',
        message: 'CanaryPauseStep',
        currentStepIndex: 1,
        totalSteps: 5,
        weights: { canary: 20, stable: 80, source: 'steps' },
        canaryImages: ['ghcr.io/example-org/orders-api:2.4.0'],
        stableImages: ['ghcr.io/example-org/orders-api:2.3.0'],
        confirmationRequired: true,
        confirmationText: 'orders-api',
      },
    ]);
    expect(orders.body.applications[0]).toMatchObject({
      application: 'orders-api-prod',
      autoSync: true,
      argocd: {
        available: false,
        reason: 'Another operation (a sync) is running; wait for it to finish',
      },
      gitops: {
        available: false,
        reason:
          'The GitHub integration for github.com has no token or app to write with',
      },
    });
  });

  it('previews a GitOps rollback: the image of that deploy, the diff of the overlay — and changes nothing', async () => {
    const server = await startBackend();
    const before = head();
    const res = await request(server)
      .post(`${base('payments-api')}/preview`)
      .set('authorization', as(OWNER))
      .send({ kind: 'gitops', ...payments, historyId: 4 })
      .expect(200);
    const preview: RollbackPreview = res.body;
    expect(preview).toMatchObject({
      summary: `Commit to main: pin ${IMAGE} to ${IMAGE}:1.7.1 (the image of deploy #4 (${commits[4].slice(
        0,
        7,
      )}, 2026-01-13T12:00:00Z)) in ${FILE}`,
      confirmationRequired: true,
      confirmationText: 'payments-api-prod',
      fromRevision: commits[5],
      toRevision: commits[4],
      image: {
        from: { name: IMAGE, reference: `${IMAGE}:1.7.2`, tag: '1.7.2' },
        to: { name: IMAGE, reference: `${IMAGE}:1.7.1`, tag: '1.7.1' },
      },
      gitops: {
        provider: 'local',
        mode: 'commit',
        repository: GITOPS_URL,
        branch: 'main',
        file: FILE,
      },
    });
    expect(preview.gitops!.diff).toContain(
      '-    newTag: "1.7.2"\n+    newTag: "1.7.1"\n',
    );
    expect(head()).toBe(before);
    expect(argocdWrites(prod)).toEqual([]);
    expect(audit.at(-1)).toMatchObject({
      eventId: 'rollback-preview',
      meta: { actor: OWNER, entityRef: 'component:default/payments-api' },
      result: 'succeeded',
      resultMeta: {
        action: 'gitops',
        target: { kind: 'gitops', historyId: 4 },
      },
    });
  });

  it('previews an Argo CD rollback with the images from the GitOps repository, without touching Argo CD', async () => {
    const server = await startBackend();
    const app = JSON.stringify(prod.application('payments-api-prod'));
    const res = await request(server)
      .post(`${base('payments-api')}/preview`)
      .set('authorization', as(OWNER))
      .send({ kind: 'argocd', ...payments, historyId: 4 })
      .expect(200);
    expect(res.body).toMatchObject({
      fromRevision: commits[5],
      toRevision: commits[4],
      toDeployedAt: '2026-01-13T12:00:00Z',
      autoSyncEnabled: false,
      willDisableAutoSync: false,
      image: { from: { tag: '1.7.2' }, to: { tag: '1.7.1' } },
    });
    expect(prod.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/applications',
    ]);
    expect(JSON.stringify(prod.application('payments-api-prod'))).toBe(app);
  });

  it('rolls back with Argo CD after the typed confirmation, and the card shows the new state', async () => {
    const server = await startBackend();
    const send = (confirmation?: string) =>
      request(server)
        .post(base('payments-api'))
        .set('authorization', as(OWNER))
        .send({
          kind: 'argocd',
          ...payments,
          historyId: 4,
          idempotencyKey: newKey(),
          ...(confirmation !== undefined ? { confirmation } : {}),
        });
    const unconfirmed = await send().expect(400);
    expect(unconfirmed.body.error.message).toBe(
      "This target looks like production: confirm by sending 'confirmation' equal to 'payments-api-prod'",
    );
    await send('payments-api').expect(400);
    expect(argocdWrites(prod)).toEqual([]);

    // The card was read (and cached) before the rollback.
    const card = `/api/delivery/entities/component/default/payments-api/deployments`;
    await request(server).get(card).set('authorization', as(OWNER)).expect(200);

    const res = await send('payments-api-prod').expect(200);
    expect(res.body).toMatchObject({
      target: { kind: 'argocd', historyId: 4 },
      message: `Argo CD is syncing 'payments-api-prod' back to deploy #4 (${commits[4].slice(
        0,
        7,
      )}, 2026-01-13T12:00:00Z); requested by ${OWNER}`,
      operation: { phase: 'Running', revision: commits[4] },
      autoSyncDisabled: false,
      replayed: false,
    });
    const [rollback] = argocdWrites(prod);
    expect([
      rollback.method,
      rollback.path,
      rollback.contentType,
      rollback.body,
    ]).toEqual([
      'POST',
      '/api/v1/applications/payments-api-prod/rollback',
      'application/json',
      {
        name: 'payments-api-prod',
        id: 4,
        dryRun: false,
        prune: false,
        appNamespace: 'argocd',
        project: 'payments',
      },
    ]);
    expect(
      swagger.validate('applicationApplicationRollbackRequest', rollback.body),
    ).toEqual([]);
    expect(argocdWrites(prod)).toHaveLength(1);

    await new Promise(r => setTimeout(r, 50));
    const after = await request(server)
      .get(card)
      .set('authorization', as(OWNER))
      .expect(200);
    const shown = after.body.applications.find(
      (a: any) => a.name === 'payments-api-prod',
    );
    expect(shown.sync).toEqual({ status: 'OutOfSync', revision: commits[4] });
    expect(shown.history).toHaveLength(7);
    expect(shown.history[0]).toMatchObject({ id: 6, revision: commits[4] });
    expect(shown.operation).toMatchObject({ phase: 'Succeeded' });

    expect(audit.filter(a => a.eventId === 'rollback')).toEqual([
      expect.objectContaining({ result: 'failed', severityLevel: 'high' }),
      expect.objectContaining({ result: 'failed' }),
      expect.objectContaining({
        meta: { actor: OWNER, entityRef: 'component:default/payments-api' },
        result: 'succeeded',
        resultMeta: {
          action: 'argocd',
          target: { kind: 'argocd', ...payments, historyId: 4 },
          result: res.body.message,
          replayed: false,
        },
      }),
    ]);
    // Back to what runs now is refused.
    const again = await request(server)
      .post(base('payments-api'))
      .set('authorization', as(OWNER))
      .send({
        kind: 'argocd',
        ...payments,
        historyId: 6,
        idempotencyKey: newKey(),
        confirmation: 'payments-api-prod',
      })
      .expect(409);
    expect(again.body.error.message).toBe(
      `'payments-api-prod' already runs ${commits[4].slice(0, 7)}`,
    );
  });

  it('says Argo CD refuses while auto-sync is on, and turns it off first when asked', async () => {
    const server = await startBackend();
    const target = {
      kind: 'argocd',
      instance: 'staging',
      application: 'payments-api-staging',
      historyId: 3,
    };
    const refused = await request(server)
      .post(base('payments-api'))
      .set('authorization', as(OWNER))
      .send({ ...target, idempotencyKey: newKey() })
      .expect(409);
    expect(refused.body.error.message).toBe(
      'Argo CD refuses a rollback while automated sync is on ("rollback cannot be initiated when auto-sync is enabled"). ' +
        "Choose 'disable auto-sync, then roll back' (disableAutoSync: true) to turn it off first.",
    );
    expect(argocdWrites(staging)).toEqual([]);

    const preview = await request(server)
      .post(`${base('payments-api')}/preview`)
      .set('authorization', as(OWNER))
      .send({ ...target, disableAutoSync: true })
      .expect(200);
    expect(preview.body).toMatchObject({
      autoSyncEnabled: true,
      willDisableAutoSync: true,
      confirmationRequired: false,
    });
    expect(argocdWrites(staging)).toEqual([]);

    const res = await request(server)
      .post(base('payments-api'))
      .set('authorization', as(OWNER))
      .send({ ...target, disableAutoSync: true, idempotencyKey: newKey() })
      .expect(200);
    expect(res.body).toMatchObject({
      autoSyncDisabled: true,
      operation: { phase: 'Running' },
    });
    const [patch, post] = argocdWrites(staging);
    expect([patch.method, patch.path, patch.contentType]).toEqual([
      'PATCH',
      '/api/v1/applications/payments-api-staging',
      'application/json',
    ]);
    // One field, and only if the application is still the version the decision was made on.
    expect(
      swagger.validate('applicationApplicationPatchRequest', patch.body),
    ).toEqual([]);
    expect({
      ...(patch.body as any),
      patch: JSON.parse((patch.body as any).patch),
    }).toEqual({
      name: 'payments-api-staging',
      appNamespace: 'argocd',
      project: 'payments',
      patchType: 'json',
      patch: [
        { op: 'test', path: '/metadata/resourceVersion', value: '100740' },
        // The fixture's `automated` has no `enabled` yet.
        { op: 'add', path: '/spec/syncPolicy/automated/enabled', value: false },
      ],
    });
    expect(staging.application('payments-api-staging').spec.syncPolicy).toEqual(
      {
        automated: { prune: true, selfHeal: true, enabled: false },
        syncOptions: ['CreateNamespace=true'],
      },
    );
    expect([post.method, post.path, post.body]).toEqual([
      'POST',
      '/api/v1/applications/payments-api-staging/rollback',
      {
        name: 'payments-api-staging',
        id: 3,
        dryRun: false,
        prune: false,
        appNamespace: 'argocd',
        project: 'payments',
      },
    ]);
    expect(
      staging.application('payments-api-staging').spec.syncPolicy.automated
        .enabled,
    ).toBe(false);
  });

  it('rolls back through GitOps with a real commit that pins the earlier image', async () => {
    const server = await startBackend();
    const before = head();
    const res = await request(server)
      .post(base('payments-api'))
      .set('authorization', as(OWNER))
      .send({
        kind: 'gitops',
        ...payments,
        historyId: 4,
        confirmation: 'payments-api-prod',
        idempotencyKey: newKey(),
      })
      .expect(200);
    const sha = head();
    expect(sha).not.toBe(before);
    expect(res.body).toMatchObject({
      commit: { sha, branch: 'main' },
      message: `Committed ${sha.slice(
        0,
        7,
      )} to main: ${FILE} pins ${IMAGE}:1.7.1`,
    });
    expect(gitLog(repo, ['-1', '--format=%an <%ae>%n%B'])).toBe(
      [
        'Backstage Delivery <delivery@backstage.invalid>',
        `rollback(payments-api-prod): pin ${IMAGE} to 1.7.1`,
        '',
        `Returns ${FILE} to the image of deploy #4 (${commits[4].slice(
          0,
          7,
        )}, 2026-01-13T12:00:00Z):`,
        `${IMAGE}:1.7.2 -> ${IMAGE}:1.7.1`,
        '',
        `Requested-by: ${OWNER} via Backstage`,
        '',
        '',
      ].join('\n'),
    );
    // The overlay now has exactly what it had at deploy #4; nothing else in the repository changed.
    expect(gitShow(repo, `HEAD:${FILE}`)).toBe(
      gitShow(repo, `${commits[4]}:${FILE}`),
    );
    expect(gitLog(repo, ['-1', '--name-only', '--format='])).toBe(`${FILE}\n`);
    expect(argocdWrites(prod)).toEqual([]);
    expect(audit.at(-1)).toMatchObject({
      eventId: 'rollback',
      result: 'succeeded',
      resultMeta: { action: 'gitops', commit: { sha, branch: 'main' } },
    });
  });

  it('acts once on a double submit: one commit, one Argo CD rollback', async () => {
    const server = await startBackend();
    const key = newKey();
    const body = {
      kind: 'gitops',
      ...payments,
      historyId: 3,
      confirmation: 'payments-api-prod',
      idempotencyKey: key,
    };
    const send = (b: object) =>
      request(server)
        .post(base('payments-api'))
        .set('authorization', as(OWNER))
        .send(b);
    const [a, b] = await Promise.all([send(body), send(body)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.replayed, b.body.replayed].sort()).toEqual([false, true]);
    expect(a.body.commit).toEqual(b.body.commit);
    const later = await send(body).expect(200);
    expect(later.body).toMatchObject({ replayed: true, commit: a.body.commit });
    expect(gitLog(repo, ['--format=%s']).trim().split('\n')).toHaveLength(
      DEPLOYS.length + 1,
    );

    const argocd = { ...body, kind: 'argocd', idempotencyKey: newKey() };
    const [c, d] = await Promise.all([send(argocd), send(argocd)]);
    expect([c.status, d.status]).toEqual([200, 200]);
    expect(argocdWrites(prod)).toHaveLength(1);
    // Another key for the same application while nothing runs: Argo CD's own state decides.
    await new Promise(r => setTimeout(r, 50));
    await send({ ...argocd, idempotencyKey: newKey() }).expect(409);
    expect(argocdWrites(prod)).toHaveLength(1);
  });

  it('aborts the running canary of orders-api through the rollback API', async () => {
    const server = await startBackend();
    const target = {
      kind: 'abort-canary',
      rollout: { cluster: 'prod', namespace: 'orders', name: 'orders-api' },
    };
    const preview = await request(server)
      .post(`${base('orders-api')}/preview`)
      .set('authorization', as(OWNER))
      .send(target)
      .expect(200);
    expect(preview.body).toMatchObject({
      confirmationRequired: true,
      confirmationText: 'orders-api',
      canary: {
        weights: { canary: 20, stable: 80 },
        stableHash: '7b9c5d8f46',
        canaryImages: ['ghcr.io/example-org/orders-api:2.4.0'],
        stableImages: ['ghcr.io/example-org/orders-api:2.3.0'],
      },
    });
    expect(await clusterWrites()).toEqual([]);
    await request(server)
      .post(base('orders-api'))
      .set('authorization', as(OWNER))
      .send({ ...target, idempotencyKey: newKey() })
      .expect(400);
    const res = await request(server)
      .post(base('orders-api'))
      .set('authorization', as(OWNER))
      .send({ ...target, idempotencyKey: newKey(), confirmation: 'orders-api' })
      .expect(200);
    expect(res.body.message).toBe(
      "Rollout 'orders-api' aborted: traffic returns to the stable ReplicaSet (the canary had 20 %)",
    );
    expect(
      (await clusterWrites()).map(r => [r.method, r.path, r.body, r.status]),
    ).toEqual([
      [
        'PATCH',
        '/apis/argoproj.io/v1alpha1/namespaces/orders/rollouts/orders-api/status',
        { status: { abort: true } },
        200,
      ],
    ]);
    // The server stored the abort request in the status, and nothing else changed.
    const before = initialRollouts.find(r => r.metadata.name === 'orders-api');
    const after = await cluster.object(...ROLLOUT, 'orders', 'orders-api');
    expect(after.status).toEqual({ ...before.status, abort: true });
    expect(after.spec).toEqual(before.spec);
    expect(after.metadata.generation).toBe(before.metadata.generation);
    // Nothing left to abort.
    await request(server)
      .post(base('orders-api'))
      .set('authorization', as(OWNER))
      .send({ ...target, idempotencyKey: newKey(), confirmation: 'orders-api' })
      .expect(409);
  });

  it('answers 403 to a denied user, for the preview too, without any upstream request', async () => {
    const server = await startBackend();
    const before = head();
    const targets = [
      { kind: 'argocd', ...payments, historyId: 4 },
      { kind: 'gitops', ...payments, historyId: 4 },
      {
        kind: 'abort-canary',
        rollout: {
          cluster: 'prod',
          namespace: 'payments',
          name: 'payments-api',
        },
      },
    ];
    for (const target of targets) {
      await request(server)
        .post(`${base('payments-api')}/preview`)
        .set('authorization', as(OTHER))
        .send(target)
        .expect(403);
      await request(server)
        .post(base('payments-api'))
        .set('authorization', as(OTHER))
        .send({
          ...target,
          idempotencyKey: newKey(),
          confirmation: 'payments-api-prod',
        })
        .expect(403);
    }
    expect(prod.requests).toEqual([]);
    expect(staging.requests).toEqual([]);
    expect(await cluster.requests()).toEqual([]);
    expect(head()).toBe(before);
    expect(
      audit
        .filter(a => a.eventId === 'rollback')
        .map(a => [a.meta.actor, a.result, a.resultMeta.action, a.error]),
    ).toEqual(
      ['argocd', 'gitops', 'abort-canary'].map(action => [
        OTHER,
        'failed',
        action,
        expect.stringMatching(/^NotAllowedError: Not allowed to delivery\./),
      ]),
    );
  });

  it.each([
    ['an unknown instance', 'payments-api', { instance: 'elsewhere' }, 400],
    [
      'an application name that walks up',
      'payments-api',
      { application: '../session' },
      400,
    ],
    [
      'an application name with a query',
      'payments-api',
      { application: 'a?x=1' },
      400,
    ],
    [
      'an app namespace with a slash',
      'payments-api',
      { appNamespace: 'a/b' },
      400,
    ],
    [
      'a history id that is a string',
      'payments-api',
      { historyId: '4; rm -rf /' },
      400,
    ],
    ['a negative history id', 'payments-api', { historyId: -1 }, 400],
    [
      'a field that is not part of the kind',
      'payments-api',
      { repoURL: 'file:///etc' },
      400,
    ],
    ['a local path in the body', 'payments-api', { path: '/tmp/other' }, 400],
    ['an unknown kind', 'payments-api', { kind: 'helm' }, 400],
    [
      'a bad idempotency key',
      'payments-api',
      { idempotencyKey: '../../x' },
      400,
    ],
    ['a malformed selector annotation', 'bad-selector', {}, 400],
    ['an application of another entity', 'orders-api', {}, 404],
  ])('refuses %s and changes nothing', async (_, entity, change, status) => {
    const server = await startBackend();
    const before = head();
    await request(server)
      .post(base(entity))
      .set('authorization', as(OWNER))
      .send({
        kind: 'gitops',
        ...payments,
        historyId: 4,
        confirmation: 'payments-api-prod',
        idempotencyKey: newKey(),
        ...change,
      })
      .expect(status);
    expect(argocdWrites(prod)).toEqual([]);
    expect(head()).toBe(before);
  });

  it('refuses a Rollout reference that is not a name, and a Kubernetes id that is not a label', async () => {
    const server = await startBackend();
    for (const [entity, rollout] of [
      [
        'orders-api',
        { cluster: 'prod', namespace: 'orders/../x', name: 'orders-api' },
      ],
      [
        'orders-api',
        { cluster: 'prod', namespace: 'orders', name: 'orders-api/status' },
      ],
      [
        'orders-api',
        { cluster: 'prod', namespace: 'orders', name: 'x', extra: 1 },
      ],
      [
        'bad-kubernetes-id',
        { cluster: 'prod', namespace: 'orders', name: 'orders-api' },
      ],
    ] as const) {
      await request(server)
        .post(base(entity))
        .set('authorization', as(OWNER))
        .send({ kind: 'abort-canary', rollout, idempotencyKey: newKey() })
        .expect(400);
    }
    expect(await cluster.requests()).toEqual([]);
  });
});
