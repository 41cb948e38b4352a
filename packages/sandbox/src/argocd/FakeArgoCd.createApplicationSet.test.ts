import { ArgoCdSchemaValidator } from '../schemas/argoCdSwagger';
import { CrdSchemaValidator } from '../schemas/crdSchemas';
import { FakeArgoCd } from './FakeArgoCd';
import { argoCdApi } from './__testUtils__/argoCdApi';
import { loadArgoCdFixtures } from './fixtures';

const fixtures = loadArgoCdFixtures();
const TOKEN = 'appset-create-token';
const CLUSTERS = [
  { cluster: 'eu-west', url: 'https://eu-west.k8s.example.com' },
  { cluster: 'us-east', url: 'https://us-east.k8s.example.com' },
];

/**
 * Shaped like the prod ApplicationSet the scaffolder template generates
 * (plugins/scaffolder-backend-module-delivery/src/generators/gitops/argoCdApplicationSet.ts):
 * a list generator of `{cluster, url}` and fasttemplate `{{cluster}}`/`{{url}}` parameters.
 */
function applicationSet(elements = CLUSTERS): any {
  const labels = {
    'app.kubernetes.io/part-of': 'ledger',
    environment: 'prod',
    'backstage.io/kubernetes-id': 'ledger',
  };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'ledger-prod', namespace: 'argocd', labels },
    spec: {
      generators: [{ list: { elements } }],
      template: {
        metadata: {
          name: 'ledger-prod-{{cluster}}',
          labels,
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
          project: 'platform',
          source: {
            repoURL: 'https://git.example.com/platform/gitops.git',
            targetRevision: 'main',
            path: 'apps/ledger/overlays/prod',
          },
          destination: { server: '{{url}}', namespace: 'ledger-prod' },
          syncPolicy: {
            syncOptions: [
              'PrunePropagationPolicy=foreground',
              'PruneLast=true',
            ],
            retry: {
              limit: 5,
              backoff: { duration: '10s', factor: 2, maxDuration: '3m' },
            },
          },
          revisionHistoryLimit: 10,
        },
      },
    },
  };
}

/** The same ApplicationSet with Go templates: `{{.cluster}}` and `{{ .url }}`. */
function goTemplateApplicationSet(): any {
  const set = applicationSet();
  set.metadata.name = 'ledger-prod-go';
  set.spec.goTemplate = true;
  set.spec.goTemplateOptions = ['missingkey=error'];
  set.spec.template.metadata.name = 'ledger-prod-go-{{.cluster}}';
  set.spec.template.spec.destination.server = '{{ .url }}';
  return set;
}

describe('FakeArgoCd: POST /api/v1/applicationsets', () => {
  let fake: FakeArgoCd;
  const swagger = new ArgoCdSchemaValidator();
  const crds = new CrdSchemaValidator();

  // The fake compiles the CRD and swagger schemas on its first write; pay for that once here.
  beforeAll(async () => {
    const warm = await FakeArgoCd.start({
      name: 'warm-up',
      fixtures: fixtures.prod,
      tokens: [TOKEN],
      projects: ['platform'],
    });
    await fetch(`${warm.url}api/v1/applicationsets?dryRun=true`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(applicationSet()),
    });
    setErrors(applicationSet());
    swagger.validate('v1alpha1Application', {});
    await warm.stop();
  }, 60_000);

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

  const create = (body: unknown, query = '') =>
    argoCdApi(fake, `api/v1/applicationsets${query}`, {
      method: 'POST',
      body,
      token: TOKEN,
    });

  const get = (path: string) => argoCdApi(fake, path, { token: TOKEN });

  async function listApplications(selector: string): Promise<any[]> {
    return (
      await get(`api/v1/applications?selector=${encodeURIComponent(selector)}`)
    ).body.items;
  }

  /**
   * An answered ApplicationSet against the CRD (not the swagger, which describes list elements
   * as `{raw}`; see fixtures.test.ts).
   */
  function setErrors(set: any): string[] {
    return crds.validate({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      ...set,
    });
  }

  async function setNames(): Promise<string[]> {
    return (await get('api/v1/applicationsets')).body.items.map(
      (s: any) => s.metadata.name,
    );
  }

  /** Every stored ApplicationSet and Application validates against the Argo CD CRDs. */
  async function expectStoredStateValid() {
    const sets = (await get('api/v1/applicationsets')).body.items;
    for (const set of sets) expect(setErrors(set)).toEqual([]);
    const apps = (await get('api/v1/applications')).body.items;
    for (const app of apps) {
      expect(
        crds.validate({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          ...app,
        }),
      ).toEqual([]);
      expect(swagger.validate('v1alpha1Application', app)).toEqual([]);
    }
  }

  it('dryRun answers the Applications it would generate and stores nothing', async () => {
    const { status, body } = await create(applicationSet(), '?dryRun=true');
    expect(status).toBe(200);
    expect(body.apiVersion).toBeUndefined();
    expect(body.kind).toBeUndefined();
    expect(body.status.resources).toEqual(
      CLUSTERS.map(({ cluster }) => ({
        group: 'argoproj.io',
        version: 'v1alpha1',
        kind: 'Application',
        name: `ledger-prod-${cluster}`,
        namespace: 'argocd',
        status: 'OutOfSync',
        health: { status: 'Missing' },
      })),
    );
    expect(setErrors(body)).toEqual([]);
    expect((await get('api/v1/applicationsets/ledger-prod')).status).toBe(404);
    expect(fake.application('ledger-prod-eu-west')).toBeUndefined();
    expect(await listApplications('app.kubernetes.io/part-of=ledger')).toEqual(
      [],
    );
  });

  it('creates the ApplicationSet and generates its Applications (fasttemplate)', async () => {
    const { status, body } = await create(applicationSet());
    expect(status).toBe(200);
    expect(body.apiVersion).toBeUndefined();
    expect(body.kind).toBeUndefined();
    expect(body.metadata).toMatchObject({
      name: 'ledger-prod',
      namespace: 'argocd',
      uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      resourceVersion: '1',
      generation: 1,
      creationTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:]+Z$/),
    });
    expect(body.spec).toEqual(applicationSet().spec);
    expect(body.status.conditions.map((c: any) => [c.type, c.status])).toEqual([
      ['ErrorOccurred', 'False'],
      ['ParametersGenerated', 'True'],
      ['ResourcesUpToDate', 'True'],
    ]);
    expect(body.status.resources.map((r: any) => r.name)).toEqual([
      'ledger-prod-eu-west',
      'ledger-prod-us-east',
    ]);
    expect(setErrors(body)).toEqual([]);
    expect((await get('api/v1/applicationsets/ledger-prod')).body).toEqual(
      body,
    );

    const app = fake.application('ledger-prod-eu-west');
    expect(app.metadata).toMatchObject({
      name: 'ledger-prod-eu-west',
      namespace: 'argocd',
      labels: applicationSet().metadata.labels,
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'ApplicationSet',
          name: 'ledger-prod',
          uid: body.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      resourceVersion: '1',
      generation: 1,
    });
    expect(app.spec.destination).toEqual({
      server: 'https://eu-west.k8s.example.com',
      namespace: 'ledger-prod',
    });
    expect(app.status).toMatchObject({
      sync: { status: 'OutOfSync' },
      health: { status: 'Missing' },
    });
    expect(
      fake.application('ledger-prod-us-east').spec.destination.server,
    ).toBe('https://us-east.k8s.example.com');

    const listed = await listApplications(
      'app.kubernetes.io/part-of=ledger,environment=prod',
    );
    expect(listed.map((a: any) => a.metadata.name).sort()).toEqual([
      'ledger-prod-eu-west',
      'ledger-prod-us-east',
    ]);
    await expectStoredStateValid();
  });

  it('renders Go templates ({{.key}} and {{ .key }}) with goTemplate: true', async () => {
    const { status, body } = await create(goTemplateApplicationSet());
    expect(status).toBe(200);
    expect(body.status.resources.map((r: any) => r.name)).toEqual([
      'ledger-prod-go-eu-west',
      'ledger-prod-go-us-east',
    ]);
    expect(
      fake.application('ledger-prod-go-us-east').spec.destination.server,
    ).toBe('https://us-east.k8s.example.com');
    await expectStoredStateValid();

    const missing = goTemplateApplicationSet();
    missing.metadata.name = 'ledger-prod-missing';
    missing.spec.template.metadata.name = 'ledger-{{.region}}';
    const refused = await create(missing);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 3 });
    expect(refused.body.message).toContain('map has no entry for key "region"');
    expect(
      (await get('api/v1/applicationsets/ledger-prod-missing')).status,
    ).toBe(404);
  });

  it('returns an identical ApplicationSet unchanged, without needing upsert', async () => {
    const first = await create(applicationSet());
    const second = await create(applicationSet());
    expect(second).toEqual(first);
    expect(
      fake.application('ledger-prod-eu-west').metadata.resourceVersion,
    ).toBe('1');
  });

  it('refuses a different spec without upsert; with upsert regenerates, deleting what it no longer generates', async () => {
    const first = await create(applicationSet());
    const changed = applicationSet([
      { cluster: 'eu-west', url: 'https://eu-west-2.k8s.example.com' },
    ]);
    const message =
      'existing ApplicationSet spec is different, use upsert flag to force update';
    expect(await create(changed)).toEqual({
      status: 400,
      body: { code: 3, error: message, message },
    });
    expect(fake.application('ledger-prod-us-east')).toBeDefined();

    const { status, body } = await create(changed, '?upsert=true');
    expect(status).toBe(200);
    expect(body.metadata).toMatchObject({
      uid: first.body.metadata.uid,
      resourceVersion: '2',
      generation: 2,
    });
    expect(body.spec).toEqual(changed.spec);
    expect(body.status.resources.map((r: any) => r.name)).toEqual([
      'ledger-prod-eu-west',
    ]);
    expect(fake.application('ledger-prod-us-east')).toBeUndefined();
    const kept = fake.application('ledger-prod-eu-west');
    expect(kept.spec.destination.server).toBe(
      'https://eu-west-2.k8s.example.com',
    );
    expect(kept.metadata).toMatchObject({
      resourceVersion: '2',
      generation: 2,
    });
    expect(
      (await listApplications('app.kubernetes.io/part-of=ledger')).map(
        (a: any) => a.metadata.name,
      ),
    ).toEqual(['ledger-prod-eu-west']);
    await expectStoredStateValid();
  });

  it('keeps Applications it no longer generates with applicationsSync create-update', async () => {
    const set = applicationSet();
    set.spec.syncPolicy = { applicationsSync: 'create-update' };
    await create(set);
    const shrunk = applicationSet(CLUSTERS.slice(0, 1));
    shrunk.spec.syncPolicy = { applicationsSync: 'create-update' };
    expect((await create(shrunk, '?upsert=true')).status).toBe(200);
    expect(fake.application('ledger-prod-us-east')).toBeDefined();
  });

  it('refuses a body that is not a valid ApplicationSet, and one without a name', async () => {
    const before = await setNames();
    expect(before).not.toContain('ledger-prod');
    const invalid = applicationSet();
    invalid.spec.generators[0].list.unknown = true;
    delete invalid.spec.template.spec.destination;
    const { status, body } = await create(invalid);
    expect(status).toBe(400);
    expect(body.code).toBe(3);
    expect(body.message).toContain('is invalid');
    expect(body.message).toContain('destination');
    expect(fake.application('ledger-prod-eu-west')).toBeUndefined();

    const noName = applicationSet();
    delete noName.metadata.name;
    const unnamed = await create(noName);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.message).toContain('metadata.name: Required value');

    const unknownProject = applicationSet();
    unknownProject.spec.template.spec.project = 'nope';
    expect((await create(unknownProject)).body.message).toContain(
      'ApplicationSet references project nope which does not exist',
    );
    expect(await setNames()).toEqual(before);
  });

  it('refuses generators other than list', async () => {
    const set = applicationSet();
    set.spec.generators = [{ clusters: {} }];
    const { status, body } = await create(set);
    expect(status).toBe(400);
    expect(body.code).toBe(3);
    expect(body.message).toContain(
      "the sandbox's Argo CD generates Applications for list generators only",
    );
    expect((await get('api/v1/applicationsets/ledger-prod')).status).toBe(404);
  });

  it('refuses to generate an Application whose name an Application it does not own has', async () => {
    const set = applicationSet();
    const existing = Object.keys(fixtures.prod.applications)[0];
    set.spec.generators[0].list.elements = [
      { cluster: 'eu-west', url: 'https://eu-west.k8s.example.com' },
    ];
    set.spec.template.metadata.name = existing;
    const { status, body } = await create(set);
    expect(status).toBe(400);
    expect(body.message).toBe(
      `application ${existing} already exists and is not owned by ApplicationSet ledger-prod`,
    );
    expect((await get('api/v1/applicationsets/ledger-prod')).status).toBe(404);
    expect(fake.application(existing)).toEqual(
      fixtures.prod.applications[existing],
    );
  });
});
