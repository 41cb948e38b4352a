import {
  ArgoCdSchemaValidator,
  FakeArgoCd,
  loadArgoCdFixtures,
} from '@go-delivery/sandbox';
import { UpstreamError } from '../http/UpstreamError';
import { HttpArgoCdClient } from './HttpArgoCdClient';
import { SessionAuth } from './SessionAuth';

const fixtures = loadArgoCdFixtures();
const swagger = new ArgoCdSchemaValidator();

describe('HttpArgoCdClient.getProject', () => {
  let fake: FakeArgoCd;

  beforeAll(async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      users: { admin: 'pw' },
    });
  });

  afterAll(async () => {
    await fake.stop();
  });

  beforeEach(() => {
    fake.clearRequests();
  });

  const client = () =>
    new HttpArgoCdClient({
      name: 'prod',
      baseUrl: fake.url,
      timeoutMs: 2000,
      auth: new SessionAuth({
        instance: 'prod',
        baseUrl: fake.url,
        username: 'admin',
        password: 'pw',
        timeoutMs: 2000,
        fallbackLifetimeMs: 60_000,
      }),
    });

  it('reads the AppProject with its sync windows', async () => {
    const project = await client().getProject('inventory');
    expect(project).toEqual(fixtures.prod.projects!.inventory);
    expect(project.spec?.syncWindows).toEqual([
      expect.objectContaining({
        kind: 'deny',
        schedule: '0 0 * * *',
        duration: '24h',
        applications: ['*'],
      }),
    ]);
    expect(swagger.validate('v1alpha1AppProject', project)).toEqual([]);
    expect(fake.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/session',
      'GET /api/v1/projects/inventory',
    ]);
  });

  it('reads a project without sync windows', async () => {
    const project = await client().getProject('payments');
    expect(project.metadata?.name).toBe('payments');
    expect(project.spec?.syncWindows).toBeUndefined();
  });

  it('reports a project Argo CD does not know as not found', async () => {
    const error = await client()
      .getProject('nope')
      .catch(e => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      failure: { kind: 'argocd', instance: 'prod', reason: 'not-found' },
    });
  });
});
