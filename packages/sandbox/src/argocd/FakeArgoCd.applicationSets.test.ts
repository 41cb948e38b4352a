import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REFERENCE_DIR } from '../paths';
import { ArgoCdSchemaValidator } from '../schemas/argoCdSwagger';
import { FakeArgoCd } from './FakeArgoCd';
import { loadArgoCdFixtures } from './fixtures';

const TOKEN = 'appset-token';

/** Argo CD's own ApplicationSet example, labelled as an entity's selector would find it. */
function referenceApplicationSet(): any {
  const set = parse(
    readFileSync(
      join(
        REFERENCE_DIR,
        'examples',
        'argo-cd',
        'argocd-health-progressiveSyncApplicationSet.yaml',
      ),
      'utf8',
    ),
  );
  set.metadata.labels = { 'app.kubernetes.io/part-of': 'payments-api' };
  return set;
}

describe('FakeArgoCd: ApplicationSets', () => {
  let fake: FakeArgoCd;
  const validator = new ArgoCdSchemaValidator();

  beforeAll(async () => {
    const fixtures = loadArgoCdFixtures().prod;
    fake = await FakeArgoCd.start({
      name: 'prod',
      fixtures: {
        ...fixtures,
        applicationSets: { 'cluster-git': referenceApplicationSet() },
      },
      tokens: [TOKEN],
    });
  });

  afterAll(async () => {
    await fake.stop();
  });

  async function get(path: string) {
    const response = await fetch(`${fake.url}${path}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return { status: response.status, body: await response.json() };
  }

  it('lists them as ApplicationSetService.List does, by label selector', async () => {
    const all = await get('api/v1/applicationsets');
    expect(all.status).toBe(200);
    expect(validator.validate('v1alpha1ApplicationSetList', all.body)).toEqual(
      [],
    );
    expect(all.body.items.map((s: any) => s.metadata.name)).toEqual([
      'cluster-git',
    ]);
    const selected = await get(
      `api/v1/applicationsets?selector=${encodeURIComponent(
        'app.kubernetes.io/part-of=payments-api',
      )}`,
    );
    expect(selected.body.items).toHaveLength(1);
    const other = await get(
      `api/v1/applicationsets?selector=${encodeURIComponent(
        'app.kubernetes.io/part-of=orders-api',
      )}`,
    );
    expect(other.body.items).toEqual([]);
  });

  it('answers one by name with its status, and a gRPC NotFound for an unknown one', async () => {
    const one = await get('api/v1/applicationsets/cluster-git');
    expect(one.status).toBe(200);
    expect(validator.validate('v1alpha1ApplicationSet', one.body)).toEqual([]);
    expect(one.body.status.conditions.map((c: any) => c.type)).toContain(
      'RolloutProgressing',
    );
    const missing = await get('api/v1/applicationsets/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 5 });
  });
});
