import {
  ArgoCdSchemaValidator,
  FakeArgoCd,
  loadArgoCdFixtures,
} from '@go-delivery/sandbox';
import { HttpArgoCdClient } from './HttpArgoCdClient';
import { StaticTokenAuth } from './StaticTokenAuth';

const fixtures = loadArgoCdFixtures();
const swagger = new ArgoCdSchemaValidator();

describe('HttpArgoCdClient.getRevisionMetadata', () => {
  let fake: FakeArgoCd;

  beforeAll(async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      tokens: ['t'],
    });
  });

  afterAll(async () => {
    await fake.stop();
  });

  beforeEach(() => {
    fake.requests.length = 0;
  });

  const client = () =>
    new HttpArgoCdClient({
      name: 'prod',
      baseUrl: fake.url,
      timeoutMs: 2000,
      auth: new StaticTokenAuth('t'),
    });

  it('asks for the revision of the application, with its namespace, and returns the commit', async () => {
    const entry =
      fixtures.prod.applications['payments-api-prod'].status.history[2];
    const metadata = await client().getRevisionMetadata(
      { name: 'payments-api-prod', appNamespace: 'argocd' },
      entry.revision,
    );
    expect(swagger.validate('v1alpha1RevisionMetadata', metadata)).toEqual([]);
    expect(metadata).toMatchObject({
      author: expect.stringContaining('bob'),
      date: expect.any(String),
      message: expect.any(String),
    });
    // The fake's commits precede the deploy's start.
    expect(Date.parse(String(metadata.date))).toBeLessThan(
      Date.parse(entry.deployStartedAt),
    );
    expect(fake.requests.map(r => [r.method, r.path, r.query])).toEqual([
      [
        'GET',
        `/api/v1/applications/payments-api-prod/revisions/${entry.revision}/metadata`,
        { appNamespace: ['argocd'] },
      ],
    ]);
  });

  it('names the source and the deploy of a multi-source application', async () => {
    await client()
      .getRevisionMetadata({ name: 'payments-api-prod' }, 'abc', {
        sourceIndex: 0,
        versionId: 3,
      })
      .catch(() => undefined);
    expect(fake.requests[0].query).toEqual({
      sourceIndex: ['0'],
      versionId: ['3'],
    });
  });

  it('reports a revision Argo CD does not know as not found', async () => {
    await expect(
      client().getRevisionMetadata(
        { name: 'payments-api-prod' },
        '0000000000000000000000000000000000000000',
      ),
    ).rejects.toMatchObject({
      failure: { kind: 'argocd', instance: 'prod', reason: 'not-found' },
    });
  });
});
