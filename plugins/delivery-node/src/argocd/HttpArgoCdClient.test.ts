import {
  FakeArgoCd,
  loadArgoCdFixtures,
  ScriptedHttpServer,
} from '@go-delivery/sandbox';
import { UpstreamError } from '../http/UpstreamError';
import { HttpArgoCdClient } from './HttpArgoCdClient';
import { SessionAuth } from './SessionAuth';
import { StaticTokenAuth } from './StaticTokenAuth';

const fixtures = loadArgoCdFixtures();

describe('HttpArgoCdClient', () => {
  let fake: FakeArgoCd;

  afterEach(async () => {
    await fake?.stop();
  });

  function sessionClient(options?: {
    timeoutMs?: number;
    lifetimeMs?: number;
  }) {
    return new HttpArgoCdClient({
      name: 'prod',
      baseUrl: fake.url,
      timeoutMs: options?.timeoutMs ?? 2000,
      auth: new SessionAuth({
        instance: 'prod',
        baseUrl: fake.url,
        username: 'admin',
        password: 'secret',
        timeoutMs: 2000,
        fallbackLifetimeMs: options?.lifetimeMs ?? 60_000,
      }),
    });
  }

  it('logs in once and shares the session between concurrent requests', async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      users: { admin: 'secret' },
    });
    const client = sessionClient();
    const results = await Promise.all([
      client.listApplications({ name: 'payments-api-prod' }),
      client.listApplications({ name: 'orders-api-prod' }),
      client.listApplications({
        selector: 'app.kubernetes.io/part-of=payments-api',
      }),
    ]);
    expect(results.map(r => r.map(a => a.metadata?.name))).toEqual([
      ['payments-api-prod'],
      ['orders-api-prod'],
      ['payments-api-prod'],
    ]);
    expect(fake.countRequests()).toEqual({ logins: 1, appReads: 3, other: 0 });
    const login = fake.requests.find(r => r.path === '/api/v1/session');
    expect(login).toMatchObject({
      method: 'POST',
      body: { username: 'admin', password: 'secret' },
    });
    const token = fake.requests.find(
      r => r.path !== '/api/v1/session',
    )?.authorization;
    expect(token).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(fake.requests.filter(r => r.authorization === token)).toHaveLength(
      3,
    );
  });

  it('sends the query parameters Argo CD expects', async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      tokens: ['t0k'],
    });
    const client = new HttpArgoCdClient({
      name: 'prod',
      baseUrl: fake.url,
      timeoutMs: 2000,
      auth: new StaticTokenAuth('t0k'),
    });
    await client.listApplications({
      selector: 'a=b,c in (d,e)',
      project: 'payments',
      appNamespace: 'argocd',
    });
    await client.getResourceTree({
      name: 'payments-api-prod',
      project: 'payments',
    });
    expect(
      fake.requests.map(r => [r.method, r.path, r.query, r.authorization]),
    ).toEqual([
      [
        'GET',
        '/api/v1/applications',
        {
          selector: ['a=b,c in (d,e)'],
          projects: ['payments'],
          appNamespace: ['argocd'],
        },
        'Bearer t0k',
      ],
      [
        'GET',
        '/api/v1/applications/payments-api-prod/resource-tree',
        { project: ['payments'] },
        'Bearer t0k',
      ],
    ]);
  });

  it('logs in again when the session has expired upstream, and retries once', async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      users: { admin: 'secret' },
    });
    const client = sessionClient();
    await client.listApplications({ name: 'payments-api-prod' });
    fake.expireSessions();
    await new Promise(r => setTimeout(r, 1100));
    const apps = await client.listApplications({ name: 'payments-api-prod' });
    expect(apps).toHaveLength(1);
    expect(fake.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/session',
      'GET /api/v1/applications',
      'GET /api/v1/applications',
      'POST /api/v1/session',
      'GET /api/v1/applications',
    ]);
  });

  it('logs in once when many concurrent requests with the same token get a 401', async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      users: { admin: 'secret' },
    });
    const client = sessionClient();
    await client.listApplications({ name: 'payments-api-prod' });
    fake.expireSessions();
    // Sessions issued from the next second on are valid again.
    await new Promise(r => setTimeout(r, 1100));
    fake.clearRequests();
    const names = Array.from({ length: 8 }, (_, i) => `app-${i}`);
    await Promise.all(names.map(name => client.listApplications({ name })));
    expect(fake.countRequests()).toEqual({
      logins: 1,
      appReads: 2 * names.length,
      other: 0,
    });
    const tokens = fake.requests
      .filter(r => r.path !== '/api/v1/session')
      .map(r => r.authorization);
    // Every request went out with the old token, and once more with the one new token.
    expect(new Set(tokens).size).toBe(2);
    expect(tokens.filter(t => t === tokens[0])).toHaveLength(names.length);
  });

  it('fails a request whose fresh token is refused too, instead of logging in again', async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      users: { admin: 'secret' },
    });
    const client = sessionClient();
    await client.listApplications({ name: 'payments-api-prod' });
    // Early in a second, so the re-login below falls in the same second and is refused too.
    await new Promise(r => setTimeout(r, 1000 - (Date.now() % 1000) + 10));
    fake.expireSessions();
    fake.clearRequests();
    await expect(
      client.listApplications({ name: 'payments-api-prod' }),
    ).rejects.toMatchObject({
      failure: { reason: 'unauthorized', status: 401 },
    });
    expect(fake.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/applications',
      'POST /api/v1/session',
      'GET /api/v1/applications',
    ]);
    // The next request tries the new token once more and logs in again only after its 401.
    await new Promise(r => setTimeout(r, 1100));
    fake.clearRequests();
    await client.listApplications({ name: 'payments-api-prod' });
    expect(fake.countRequests()).toEqual({ logins: 1, appReads: 2, other: 0 });
  });

  it('renews a session shortly before its JWT expiry, never sending an expired token', async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      users: { admin: 'secret' },
      sessionLifetimeSeconds: 2,
    });
    const client = sessionClient();
    await client.listApplications({ name: 'x' });
    await client.listApplications({ name: 'y' });
    // Lifetime 2 s, renewal a tenth before expiry (1.8 s after login).
    await new Promise(r => setTimeout(r, 1900));
    await client.listApplications({ name: 'z' });
    expect(fake.requests.map(r => r.path)).toEqual([
      '/api/v1/session',
      '/api/v1/applications',
      '/api/v1/applications',
      '/api/v1/session',
      '/api/v1/applications',
    ]);
  });

  it('does not retry a fixed token that is refused', async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      tokens: ['good'],
    });
    const client = new HttpArgoCdClient({
      name: 'prod',
      baseUrl: fake.url,
      timeoutMs: 2000,
      auth: new StaticTokenAuth('bad'),
    });
    await expect(client.listApplications({ name: 'x' })).rejects.toMatchObject({
      failure: {
        kind: 'argocd',
        instance: 'prod',
        reason: 'unauthorized',
        status: 401,
        message:
          "Argo CD 'prod': HTTP 401: invalid session: signature is invalid",
      },
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a wrong password as unauthorized', async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      users: { admin: 'other' },
    });
    await expect(sessionClient().listApplications({})).rejects.toMatchObject({
      failure: {
        reason: 'unauthorized',
        message: "Argo CD 'prod': HTTP 401: Invalid username or password",
      },
    });
  });

  it('times out a slow instance', async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      tokens: ['t'],
      latencyMs: 500,
    });
    const client = new HttpArgoCdClient({
      name: 'prod',
      baseUrl: fake.url,
      timeoutMs: 100,
      auth: new StaticTokenAuth('t'),
    });
    const started = Date.now();
    const error = await client.listApplications({}).catch(e => e);
    expect(Date.now() - started).toBeLessThan(450);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.failure).toEqual({
      kind: 'argocd',
      instance: 'prod',
      reason: 'timeout',
      message: "Argo CD 'prod': no answer within 100 ms",
    });
  });

  it('reports an instance that is down as unreachable', async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      tokens: ['t'],
    });
    const url = fake.url;
    await fake.stop();
    const client = new HttpArgoCdClient({
      name: 'prod',
      baseUrl: url,
      timeoutMs: 1000,
      auth: new StaticTokenAuth('t'),
    });
    await expect(client.listApplications({})).rejects.toMatchObject({
      failure: {
        reason: 'unreachable',
        message: expect.stringContaining('ECONNREFUSED'),
      },
    });
  });

  it('keeps a path prefix of the configured URL', async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      tokens: ['t'],
    });
    const client = new HttpArgoCdClient({
      name: 'prod',
      baseUrl: `${fake.url}argocd`,
      timeoutMs: 1000,
      auth: new StaticTokenAuth('t'),
    });
    await client.listApplications({}).catch(() => undefined);
    expect(fake.requests[0].path).toBe('/argocd/api/v1/applications');
  });

  describe('upsertApplication', () => {
    const app = {
      metadata: {
        name: 'ledger-dev',
        namespace: 'argocd',
        labels: { 'app.kubernetes.io/part-of': 'ledger' },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://git.example.com/gitops.git',
          targetRevision: 'main',
          path: 'apps/ledger/overlays/dev',
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'ledger-dev',
        },
      },
    };

    function tokenClient() {
      return new HttpArgoCdClient({
        name: 'prod',
        baseUrl: fake.url,
        timeoutMs: 2000,
        auth: new StaticTokenAuth('t'),
      });
    }

    beforeEach(async () => {
      fake = await FakeArgoCd.start({
        name: 'prod',
        fixtures: fixtures.prod,
        tokens: ['t'],
      });
    });

    it('posts the application with upsert=true and returns what Argo CD stored', async () => {
      const client = tokenClient();
      const created = await client.upsertApplication(app, { validate: false });
      expect(created.metadata).toMatchObject({
        name: 'ledger-dev',
        labels: app.metadata.labels,
      });
      const changed = {
        ...app,
        spec: {
          ...app.spec,
          source: { ...app.spec.source, targetRevision: 'release' },
        },
      };
      const updated = await client.upsertApplication(changed);
      expect(updated.spec?.source?.targetRevision).toBe('release');
      expect(
        fake.requests.map(r => [r.method, r.path, r.query, r.body]),
      ).toEqual([
        [
          'POST',
          '/api/v1/applications',
          { upsert: ['true'], validate: ['false'] },
          app,
        ],
        ['POST', '/api/v1/applications', { upsert: ['true'] }, changed],
      ]);
      expect(fake.requests[0].authorization).toBe('Bearer t');
    });

    it("reports a refusal with the instance and Argo CD's message", async () => {
      const client = tokenClient();
      const error = await client
        .upsertApplication({ ...app, spec: { ...app.spec, project: 'nope' } })
        .catch(e => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error.failure).toEqual({
        kind: 'argocd',
        instance: 'prod',
        reason: 'upstream-error',
        status: 400,
        message:
          "Argo CD 'prod': HTTP 400: application references project nope which does not exist",
      });
    });
  });

  describe('answers of an unexpected shape', () => {
    let scripted: ScriptedHttpServer | undefined;
    let answers: Record<string, unknown>;

    beforeEach(async () => {
      answers = {};
      scripted = await ScriptedHttpServer.start({
        urlPath: '/',
        answer: ({ path }) => ({ body: answers[path] ?? {} }),
      });
    });

    afterEach(async () => {
      await scripted?.stop();
    });

    const client = () =>
      new HttpArgoCdClient({
        name: 'prod',
        baseUrl: scripted!.url,
        timeoutMs: 2000,
        auth: new StaticTokenAuth('t'),
      });
    const LIST = '/api/v1/applications';
    const TREE = '/api/v1/applications/a/resource-tree';

    it.each([
      [{ items: {} }, "an application list whose 'items' is not a list"],
      [
        { items: [{}, 'x'] },
        "an application list whose 'items' holds an entry that is not a JSON object",
      ],
      [[{ items: [] }], 'an application list that is not a JSON object'],
    ])('refuses the list %j as a bad response', async (body, what) => {
      answers[LIST] = body;
      await expect(client().listApplications({})).rejects.toMatchObject({
        failure: {
          kind: 'argocd',
          instance: 'prod',
          reason: 'bad-response',
          message: `Argo CD 'prod': answered with ${what}`,
        },
      });
    });

    it('reads a null or missing list as empty', async () => {
      answers[LIST] = { items: null };
      expect(await client().listApplications({})).toEqual([]);
      answers[LIST] = { metadata: {} };
      expect(await client().listApplications({})).toEqual([]);
    });

    it('refuses a resource tree whose nodes are not a list, and an application that is not a JSON object', async () => {
      answers[TREE] = { nodes: { a: 1 } };
      await expect(
        client().getResourceTree({ name: 'a' }),
      ).rejects.toMatchObject({
        failure: {
          reason: 'bad-response',
          message:
            "Argo CD 'prod': answered with a resource tree whose 'nodes' is not a list",
        },
      });
      answers['/api/v1/applications/a'] = 'a';
      await expect(
        client().getApplication({ name: 'a' }),
      ).rejects.toMatchObject({
        failure: {
          reason: 'bad-response',
          message:
            "Argo CD 'prod': answered with an application that is not a JSON object",
        },
      });
    });

    it('refuses a login answer without a token', async () => {
      answers['/api/v1/session'] = { token: 42 };
      const auth = new SessionAuth({
        instance: 'prod',
        baseUrl: scripted!.url,
        username: 'admin',
        password: 'secret',
        timeoutMs: 2000,
        fallbackLifetimeMs: 60_000,
      });
      await expect(auth.getToken()).rejects.toMatchObject({
        failure: {
          reason: 'bad-response',
          message: "Argo CD 'prod': answered the login without a token",
        },
      });
    });
  });

  it('encodes the application name into one path segment', async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      tokens: ['t'],
    });
    const client = new HttpArgoCdClient({
      name: 'prod',
      baseUrl: fake.url,
      timeoutMs: 1000,
      auth: new StaticTokenAuth('t'),
    });
    await client.getResourceTree({ name: '../session' }).catch(() => undefined);
    expect(fake.requests[0].path).toBe(
      '/api/v1/applications/..%2Fsession/resource-tree',
    );
  });
});
