import { ArgoCdSchemaValidator } from '../schemas/argoCdSwagger';
import { FakeArgoCd } from './FakeArgoCd';
import { loadArgoCdFixtures } from './fixtures';

const fixtures = loadArgoCdFixtures();
const TOKEN = 'metadata-token';

describe('FakeArgoCd: GET /api/v1/applications/{name}/revisions/{revision}/metadata', () => {
  let fake: FakeArgoCd;
  const validator = new ArgoCdSchemaValidator();

  beforeAll(async () => {
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      tokens: [TOKEN],
    });
  });

  afterAll(async () => {
    await fake.stop();
  });

  async function get(path: string, token = TOKEN) {
    const response = await fetch(`${fake.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: await response.json() };
  }

  it('answers the commit of every deployed revision, valid against the swagger', async () => {
    const history =
      fixtures.prod.applications['payments-api-prod'].status.history;
    for (const entry of history) {
      const { status, body } = await get(
        `api/v1/applications/payments-api-prod/revisions/${entry.revision}/metadata`,
      );
      expect(status).toBe(200);
      expect(validator.validate('v1alpha1RevisionMetadata', body)).toEqual([]);
      expect(body.author).toBe(
        `${entry.initiatedBy.username} <${entry.initiatedBy.username}@example.com>`,
      );
      expect(Date.parse(body.date)).toBeLessThan(
        Date.parse(entry.deployStartedAt),
      );
      expect(body.message).toContain(entry.revision.slice(0, 7));
    }
  });

  it('refuses a revision the application never had, an unknown application and a missing token', async () => {
    const unknownRevision = await get(
      'api/v1/applications/payments-api-prod/revisions/0000000000000000000000000000000000000000/metadata',
    );
    expect(unknownRevision.status).toBe(404);
    expect(unknownRevision.body.code).toBe(5);

    const unknownApp = await get(
      'api/v1/applications/nope/revisions/745e99dfaab7551742cda16a9937814fee341429/metadata',
    );
    expect(unknownApp.status).toBe(404);

    const anonymous = await get(
      'api/v1/applications/payments-api-prod/revisions/745e99dfaab7551742cda16a9937814fee341429/metadata',
      'wrong',
    );
    expect(anonymous.status).toBe(401);
  });

  it('counts metadata reads as "other" requests', async () => {
    fake.clearRequests();
    await get(
      'api/v1/applications/payments-api-prod/revisions/745e99dfaab7551742cda16a9937814fee341429/metadata',
    );
    expect(fake.countRequests()).toEqual({ logins: 0, appReads: 0, other: 1 });
  });
});
