import { FakeArgoCd, loadArgoCdFixtures } from '@go-delivery/sandbox';
import { UpstreamError } from '../http/UpstreamError';
import { HttpArgoCdClient } from './HttpArgoCdClient';
import { StaticTokenAuth } from './StaticTokenAuth';

const fixtures = loadArgoCdFixtures();

describe('HttpArgoCdClient.getApplicationSet', () => {
  let fake: FakeArgoCd;

  beforeAll(async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      tokens: ['t0ken'],
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
      auth: new StaticTokenAuth('t0ken'),
    });

  it('reads the ApplicationSet as stored, in the namespace asked', async () => {
    const appSet = await client().getApplicationSet(
      'shipping-api-prod',
      'argocd',
    );
    expect(appSet).toEqual(fixtures.prod.applicationSets!['shipping-api-prod']);
    expect(appSet.spec?.strategy?.rollingSync?.steps).toHaveLength(2);
    expect(fake.requests.map(r => [r.method, r.path, r.query])).toEqual([
      [
        'GET',
        '/api/v1/applicationsets/shipping-api-prod',
        { appsetNamespace: ['argocd'] },
      ],
    ]);
  });

  it('sends the name as one path segment, whatever it holds', async () => {
    await client()
      .getApplicationSet('../applications/x?y')
      .catch(() => undefined);
    expect(fake.requests.map(r => [r.path, r.query])).toEqual([
      ['/api/v1/applicationsets/..%2Fapplications%2Fx%3Fy', {}],
    ]);
  });

  it('reports an ApplicationSet Argo CD does not know as not found', async () => {
    const error = await client()
      .getApplicationSet('nope')
      .catch(e => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      failure: { kind: 'argocd', instance: 'prod', reason: 'not-found' },
    });
  });
});
