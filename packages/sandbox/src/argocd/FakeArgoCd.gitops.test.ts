import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  commitAll,
  overlayKustomization,
} from '../gitops/seedGitopsRepository';
import { seedPaymentsGitops } from '../gitops/seedPaymentsGitops';
import { LocalGitopsRepository } from '../gitops/LocalGitopsReader';
import { ArgoCdSchemaValidator } from '../schemas/argoCdSwagger';
import { FakeArgoCd } from './FakeArgoCd';
import { cloneFixtures, loadArgoCdFixtures } from './fixtures';

const TOKEN = 'gitops-token';
const IMAGE = 'ghcr.io/example-org/payments-api';
const swagger = new ArgoCdSchemaValidator();

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise(r => setTimeout(r, 10));
  }
  expect(check()).toBe(true);
}

describe('FakeArgoCd following a local GitOps repository', () => {
  let dir: string;
  let repo: LocalGitopsRepository;
  let staging: FakeArgoCd;
  let prod: FakeArgoCd;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fake-argocd-gitops-'));
    const fixtures = loadArgoCdFixtures();
    const instances = {
      prod: cloneFixtures(fixtures.prod),
      staging: cloneFixtures(fixtures.staging),
    };
    repo = seedPaymentsGitops(instances, dir);
    const start = (name: 'prod' | 'staging') =>
      FakeArgoCd.start({
        name,
        fixtures: instances[name],
        tokens: [TOKEN],
        operationDurationMs: 50,
        gitopsRepositories: [repo],
      });
    [staging, prod] = await Promise.all([start('staging'), start('prod')]);
  });

  afterEach(async () => {
    await Promise.all([staging?.stop(), prod?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A commit as CI makes it: the overlay of one environment pins a new tag. */
  function release(environment: string, namespace: string, tag: string) {
    writeFileSync(
      join(repo.path, 'overlays', environment, 'kustomization.yaml'),
      overlayKustomization({
        image: IMAGE,
        namespace,
        environment,
        deploy: { tag },
      }),
    );
    return commitAll(repo.path, `deploy: ${tag} to ${environment}`);
  }

  async function call(
    fake: FakeArgoCd,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${fake.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  }

  const read = async (fake: FakeArgoCd, name: string) =>
    (await call(fake, `api/v1/applications/${name}`)).body;

  it('syncs an automated application to a commit that changes its overlay', async () => {
    const before = await read(staging, 'payments-api-staging');
    const devBefore = await read(staging, 'payments-api-dev');
    const head = release('staging', 'payments-staging', '1.9.0');

    const running = await read(staging, 'payments-api-staging');
    expect(running.status.operationState).toMatchObject({
      phase: 'Running',
      operation: {
        sync: { revision: head },
        initiatedBy: { automated: true },
      },
    });
    await until(
      () =>
        staging.application('payments-api-staging').status.operationState
          .phase === 'Succeeded',
    );
    const synced = await read(staging, 'payments-api-staging');
    expect(synced.status.history).toHaveLength(
      before.status.history.length + 1,
    );
    expect(synced.status.history.at(-1)).toMatchObject({
      id: before.status.history.at(-1).id + 1,
      revision: head,
      source: before.spec.source,
      deployedAt: expect.any(String),
      deployStartedAt: expect.any(String),
    });
    expect(synced.status.sync).toMatchObject({
      status: 'Synced',
      revision: head,
    });
    expect(synced.status.summary.images).toEqual([`${IMAGE}:1.9.0`]);
    expect(swagger.validate('v1alpha1Application', synced)).toEqual([]);
    // dev follows the same branch, but its overlay did not change.
    expect(await read(staging, 'payments-api-dev')).toEqual(devBefore);
  });

  it('marks a manual application OutOfSync, and POST …/sync then deploys the commit', async () => {
    const before = await read(prod, 'payments-api-prod');
    const head = release('prod', 'payments', '1.8.0');

    const outOfSync = await read(prod, 'payments-api-prod');
    expect(outOfSync.status.sync).toMatchObject({
      status: 'OutOfSync',
      revision: head,
    });
    expect(outOfSync.status.history).toEqual(before.status.history);
    expect(outOfSync.status.operationState).toEqual(
      before.status.operationState,
    );
    expect(swagger.validate('v1alpha1Application', outOfSync)).toEqual([]);

    const request = { name: 'payments-api-prod', project: 'payments' };
    expect(
      swagger.validate('applicationApplicationSyncRequest', request),
    ).toEqual([]);
    const started = await call(
      prod,
      'api/v1/applications/payments-api-prod/sync',
      request,
    );
    expect(started.status).toBe(200);
    expect(started.body.status.operationState).toMatchObject({
      phase: 'Running',
      operation: {
        sync: { revision: head },
        initiatedBy: { username: 'admin' },
      },
    });
    // A second sync while the first runs is refused, as Argo CD does.
    expect(
      await call(prod, 'api/v1/applications/payments-api-prod/sync', request),
    ).toEqual({
      status: 400,
      body: {
        code: 9,
        error: 'another operation is already in progress',
        message: 'another operation is already in progress',
      },
    });
    await until(
      () =>
        prod.application('payments-api-prod').status.operationState.phase ===
        'Succeeded',
    );
    const deployed = await read(prod, 'payments-api-prod');
    expect(deployed.status.sync).toMatchObject({
      status: 'Synced',
      revision: head,
    });
    expect(deployed.status.history).toHaveLength(7);
    expect(deployed.status.history[6]).toMatchObject({
      id: 6,
      revision: head,
      initiatedBy: { username: 'admin' },
    });
    expect(deployed.status.summary.images).toEqual([`${IMAGE}:1.8.0`]);
    expect(swagger.validate('v1alpha1Application', deployed)).toEqual([]);
  });

  it('syncs to an older revision when asked, leaving the app OutOfSync with its branch', async () => {
    const before = await read(prod, 'payments-api-prod');
    const older = before.status.history[3].revision;
    const started = await call(
      prod,
      'api/v1/applications/payments-api-prod/sync',
      { name: 'payments-api-prod', revision: older },
    );
    expect(started.status).toBe(200);
    await until(
      () =>
        prod.application('payments-api-prod').status.operationState.phase ===
        'Succeeded',
    );
    const app = prod.application('payments-api-prod');
    expect(app.status.sync).toMatchObject({
      status: 'OutOfSync',
      revision: older,
    });
    expect(app.status.summary.images).toEqual([`${IMAGE}:1.7.0`]);
  });

  it('refuses another revision than the branch while automated sync is on, and changes nothing on a dry run', async () => {
    const app = await read(staging, 'payments-api-staging');
    const refused = await call(
      staging,
      'api/v1/applications/payments-api-staging/sync',
      {
        name: 'payments-api-staging',
        revision: app.status.history[0].revision,
      },
    );
    expect(refused).toMatchObject({
      status: 400,
      body: {
        code: 9,
        message: `Cannot sync to ${app.status.history[0].revision}: auto-sync currently set to main`,
      },
    });
    const dryRun = await call(
      staging,
      'api/v1/applications/payments-api-staging/sync',
      { name: 'payments-api-staging', dryRun: true },
    );
    expect(dryRun.status).toBe(200);
    expect(await read(staging, 'payments-api-staging')).toEqual(app);
  });

  it('refuses a body that is not an ApplicationSyncRequest', async () => {
    const { status, body } = await call(
      prod,
      'api/v1/applications/payments-api-prod/sync',
      { name: 'payments-api-prod', revision: 7 },
    );
    expect(status).toBe(400);
    expect(body.message).toContain('/revision must be string');
  });
});
