import {
  FakeArgoCd,
  loadArgoCdFixtures,
  prepareArgoCdWrites,
} from '@go-delivery/sandbox';
import { UpstreamError } from '../http/UpstreamError';
import { HttpArgoCdClient } from './HttpArgoCdClient';
import { StaticTokenAuth } from './StaticTokenAuth';

const fixtures = loadArgoCdFixtures();

describe('HttpArgoCdClient: ApplicationSets', () => {
  let fake: FakeArgoCd;

  beforeAll(async () => {
    prepareArgoCdWrites();
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

  /** An ApplicationSet over two clusters, with a list generator. */
  function overClusters(name: string) {
    return {
      metadata: { name, namespace: 'argocd' },
      spec: {
        generators: [
          {
            list: {
              elements: [
                { cluster: 'eu', url: 'https://eu.example.com' },
                { cluster: 'us', url: 'https://us.example.com' },
              ],
            },
          },
        ],
        template: {
          metadata: { name: `${name}-{{cluster}}` },
          spec: {
            project: 'default',
            source: {
              repoURL: 'https://github.com/example-org/ledger-gitops',
              path: 'overlays/prod',
              targetRevision: 'main',
            },
            destination: { server: '{{url}}', namespace: 'ledger' },
          },
        },
      },
    };
  }

  it('upserts an ApplicationSet, or only shows what it would generate in a dry run', async () => {
    const dry = await client().upsertApplicationSet(overClusters('ledger'), {
      dryRun: true,
    });
    expect(dry.status?.resources?.map(r => r.name)).toEqual([
      'ledger-eu',
      'ledger-us',
    ]);
    expect(fake.application('ledger-eu')).toBeUndefined();

    const stored = await client().upsertApplicationSet(overClusters('ledger'));
    expect(stored.metadata?.uid).toEqual(expect.any(String));
    expect(fake.application('ledger-us').spec.destination.server).toBe(
      'https://us.example.com',
    );
    expect(fake.requests.map(r => [r.method, r.path, r.query])).toEqual([
      [
        'POST',
        '/api/v1/applicationsets',
        { upsert: ['true'], dryRun: ['true'] },
      ],
      ['POST', '/api/v1/applicationsets', { upsert: ['true'] }],
    ]);
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
