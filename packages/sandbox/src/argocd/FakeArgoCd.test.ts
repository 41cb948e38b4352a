import { ArgoCdSchemaValidator } from '../schemas/argoCdSwagger';
import { FakeArgoCd } from './FakeArgoCd';
import { argoCdApi } from './__testUtils__/argoCdApi';
import { loadArgoCdFixtures } from './fixtures';

const fixtures = loadArgoCdFixtures();
const TOKEN = 'create-token';

function application(overrides: { labels?: Record<string, string> } = {}) {
  return {
    metadata: {
      name: 'ledger-dev',
      namespace: 'argocd',
      labels: overrides.labels ?? {
        'app.kubernetes.io/part-of': 'ledger',
        environment: 'dev',
      },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://git.example.com/platform/gitops.git',
        targetRevision: 'main',
        path: 'apps/ledger/overlays/dev',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'ledger-dev',
      },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['PruneLast=true'],
      },
      revisionHistoryLimit: 10,
    },
  };
}

describe('FakeArgoCd: POST /api/v1/applications', () => {
  let fake: FakeArgoCd;
  const validator = new ArgoCdSchemaValidator();

  beforeEach(async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      tokens: [TOKEN],
      projects: ['platform'],
    });
  });

  afterEach(async () => {
    await fake.stop();
  });

  const create = (body: unknown, query = '', token = TOKEN) =>
    argoCdApi(fake, `api/v1/applications${query}`, {
      method: 'POST',
      body,
      token,
    });

  async function list(selector: string) {
    const path = `api/v1/applications?selector=${encodeURIComponent(selector)}`;
    return (await argoCdApi(fake, path, { token: TOKEN })).body.items;
  }

  it('creates an application that then validates and lists like the others', async () => {
    const { status, body } = await create(application());
    expect(status).toBe(200);
    expect(body).toMatchObject({
      metadata: {
        name: 'ledger-dev',
        namespace: 'argocd',
        resourceVersion: '1',
        generation: 1,
        uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        creationTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:]+Z$/),
      },
      spec: application().spec,
      status: { sync: { status: 'OutOfSync' }, health: { status: 'Missing' } },
    });
    expect(validator.validate('v1alpha1Application', body)).toEqual([]);
    const listed = await list('app.kubernetes.io/part-of=ledger');
    expect(listed.map((a: any) => a.metadata.name)).toEqual(['ledger-dev']);
    expect(fake.application('ledger-dev')).toEqual(body);
  });

  it('returns an identical application unchanged, without needing upsert', async () => {
    const first = await create(application());
    const second = await create(application());
    expect(second).toEqual(first);
  });

  it('refuses a different definition without upsert, as Argo CD does', async () => {
    await create(application());
    const changed = application();
    changed.spec.destination.namespace = 'elsewhere';
    expect(await create(changed)).toEqual({
      status: 400,
      body: {
        code: 3,
        error:
          'existing application spec is different, use upsert flag to force update',
        message:
          'existing application spec is different, use upsert flag to force update',
      },
    });
  });

  it('with upsert=true replaces the spec and merges the labels', async () => {
    await create(
      application({ labels: { 'app.kubernetes.io/part-of': 'ledger' } }),
    );
    const changed = application({ labels: { environment: 'dev' } });
    changed.spec.syncPolicy.syncOptions = ['CreateNamespace=true'];
    const { status, body } = await create(changed, '?upsert=true');
    expect(status).toBe(200);
    expect(body.metadata).toMatchObject({
      labels: { 'app.kubernetes.io/part-of': 'ledger', environment: 'dev' },
      resourceVersion: '2',
      generation: 2,
    });
    expect(body.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true']);
    expect(validator.validate('v1alpha1Application', body)).toEqual([]);
  });

  it('refuses a body that is not an Application of the published API', async () => {
    const withKind = { apiVersion: 'argoproj.io/v1alpha1', ...application() };
    const { status, body } = await create(withKind);
    expect(status).toBe(400);
    expect(body.message).toContain(
      "must NOT have additional properties 'apiVersion'",
    );
    expect(fake.application('ledger-dev')).toBeUndefined();
  });

  it('refuses an unknown project, a missing name and a missing destination', async () => {
    const unknownProject = application();
    unknownProject.spec.project = 'nope';
    expect((await create(unknownProject)).body.message).toBe(
      'application references project nope which does not exist',
    );
    const platform = application();
    platform.spec.project = 'platform';
    expect((await create(platform)).status).toBe(200);

    const noName = application() as any;
    delete noName.metadata.name;
    expect((await create(noName)).body.message).toContain(
      'metadata.name: Required value',
    );
    const noDestination = application() as any;
    noDestination.metadata.name = 'other';
    noDestination.spec.destination = { namespace: 'x' };
    expect((await create(noDestination)).status).toBe(400);
  });

  it('requires authentication and records the request', async () => {
    expect((await create(application(), '', 'wrong')).status).toBe(401);
    expect(fake.application('ledger-dev')).toBeUndefined();
    await create(application(), '?upsert=true&validate=false');
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/applications',
      query: { upsert: ['true'], validate: ['false'] },
      body: application(),
    });
  });
});

describe('FakeArgoCd: GET /api/v1/projects/{name}', () => {
  let fake: FakeArgoCd;
  const validator = new ArgoCdSchemaValidator();

  beforeAll(async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      users: { admin: 'pw' },
      projects: ['platform'],
    });
  });

  afterAll(async () => {
    await fake.stop();
  });

  async function session(): Promise<string> {
    const response = await fetch(`${fake.url}api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'pw' }),
    });
    return (await response.json()).token;
  }

  async function project(name: string, token?: string) {
    const response = await fetch(`${fake.url}api/v1/projects/${name}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: await response.json() };
  }

  it('answers the AppProject itself, with its sync windows', async () => {
    const { status, body } = await project('inventory', await session());
    expect(status).toBe(200);
    expect(body).toEqual(fixtures.prod.projects!.inventory);
    expect(body.spec.syncWindows).toEqual([
      expect.objectContaining({
        kind: 'deny',
        schedule: '0 0 * * *',
        duration: '24h',
        applications: ['*'],
        description: 'Quarter-end change freeze',
      }),
    ]);
    expect(validator.validate('v1alpha1AppProject', body)).toEqual([]);
  });

  it('answers a project known only by name as one that allows everything', async () => {
    const token = await session();
    for (const name of ['platform', 'default']) {
      const { status, body } = await project(name, token);
      expect(status).toBe(200);
      expect(body.metadata).toEqual({ name, namespace: 'argocd' });
      expect(body.spec.syncWindows).toBeUndefined();
      expect(validator.validate('v1alpha1AppProject', body)).toEqual([]);
    }
  });

  it("answers an unknown project 404 in Argo CD's error shape", async () => {
    expect(await project('nope', await session())).toEqual({
      status: 404,
      body: {
        error: 'appprojects.argoproj.io "nope" not found',
        code: 5,
        message: 'appprojects.argoproj.io "nope" not found',
      },
    });
  });

  it('requires authentication like every other route', async () => {
    expect((await project('payments')).status).toBe(401);
    expect((await project('payments', 'forged.token.value')).status).toBe(401);
  });
});
