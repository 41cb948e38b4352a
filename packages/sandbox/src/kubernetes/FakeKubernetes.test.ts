import { CrdSchemaValidator } from '../schemas/crdSchemas';
import { FakeKubernetes } from './FakeKubernetes';
import { loadKubernetesFixtures } from './fixtures';
import { DEFAULT_RESOURCE_KINDS, isTektonKind } from './resourceKinds';

const fixtures = loadKubernetesFixtures().ci;
const TOKEN = 'admin-token';
const READER = 'reader-token';
const RUNS = '/apis/tekton.dev/v1/namespaces/payments/pipelineruns';

function toJson(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

describe('FakeKubernetes', () => {
  let fake: FakeKubernetes;

  beforeEach(async () => {
    fake = await FakeKubernetes.start({
      name: 'ci',
      fixtures,
      tokens: {
        [TOKEN]: { name: 'system:serviceaccount:backstage:delivery' },
        [READER]: {
          name: 'system:serviceaccount:backstage:reader',
          verbs: ['get', 'list'],
          namespaces: ['payments'],
        },
      },
    });
  });

  afterEach(async () => {
    await fake.stop();
  });

  async function call(
    path: string,
    init: {
      method?: string;
      body?: unknown;
      contentType?: string;
      token?: string | null;
    } = {},
  ) {
    const headers: Record<string, string> = {};
    if (init.token !== null)
      headers.authorization = `Bearer ${init.token ?? TOKEN}`;
    if (init.contentType) headers['content-type'] = init.contentType;
    const res = await fetch(`${fake.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? init.body : toJson(init.body),
    });
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      type,
      body: type.includes('json') ? await res.json() : await res.text(),
    };
  }

  it('lists with a label selector, in a namespace or across all, shaped as a …List', async () => {
    const one = await call(
      `${RUNS}?labelSelector=${encodeURIComponent(
        'backstage.io/kubernetes-id=payments-api',
      )}`,
    );
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRunList',
      metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
    });
    expect(one.body.items.map((i: any) => i.metadata.name)).toEqual([
      'payments-api-ci-7xk2p',
      'payments-api-ci-b6t3v',
      'payments-api-ci-m4n8q',
      'payments-api-ci-r2d9w',
    ]);
    expect(one.body.items[0]).toMatchObject({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
    });

    const all = await call(
      `/apis/tekton.dev/v1/pipelineruns?labelSelector=${encodeURIComponent(
        'backstage.io/kubernetes-id in (orders-api,inventory-api)',
      )}`,
    );
    expect(all.body.items.map((i: any) => i.metadata.namespace)).toEqual([
      'inventory',
      'inventory',
      'inventory',
      'orders',
      'orders',
      'orders',
    ]);
  });

  it('pages a list with limit and continue', async () => {
    const first = await call('/api/v1/namespaces/payments/pods?limit=10');
    expect(first.body.items).toHaveLength(10);
    expect(first.body.metadata.continue).toEqual(expect.any(String));
    const rest = await call(
      `/api/v1/namespaces/payments/pods?limit=1000&continue=${encodeURIComponent(
        first.body.metadata.continue,
      )}`,
    );
    expect(rest.body.metadata.continue).toBeUndefined();
    const all = (await call('/api/v1/namespaces/payments/pods')).body.items;
    expect([...first.body.items, ...rest.body.items]).toEqual(all);
    expect(
      await call('/api/v1/namespaces/payments/pods?continue=garbage'),
    ).toMatchObject({ status: 400 });
    expect(
      await call('/api/v1/namespaces/payments/pods?limit=-1'),
    ).toMatchObject({ status: 400 });
  });

  it('leaves apiVersion and kind out of built-in list items, as the API server does', async () => {
    const pods = await call(
      '/api/v1/namespaces/payments/pods?labelSelector=tekton.dev%2FpipelineTask%3Dtest',
    );
    expect(pods.body.kind).toBe('PodList');
    expect(pods.body.items.length).toBeGreaterThan(0);
    expect(pods.body.items[0].apiVersion).toBeUndefined();
    expect(pods.body.items[0].kind).toBeUndefined();
  });

  it('answers errors with Status objects', async () => {
    expect(await call(`${RUNS}/nope`)).toMatchObject({
      status: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
        message: 'pipelineruns.tekton.dev "nope" not found',
        details: { name: 'nope', group: 'tekton.dev', kind: 'pipelineruns' },
      },
    });
    expect(await call('/apis/example.com/v1/things')).toMatchObject({
      status: 404,
      body: {
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      },
    });
    expect(await call(`${RUNS}?labelSelector=a%3Db)%20or%20(1`)).toMatchObject({
      status: 400,
      body: { reason: 'BadRequest' },
    });
    expect(await call(RUNS, { token: null })).toMatchObject({
      status: 401,
      body: {
        kind: 'Status',
        reason: 'Unauthorized',
        code: 401,
        message: 'Unauthorized',
      },
    });
    expect(await call(RUNS, { token: 'wrong' })).toMatchObject({ status: 401 });
  });

  it('forbids what a token may not do, naming user, verb, resource and scope', async () => {
    expect((await call(RUNS, { token: READER })).status).toBe(200);
    expect(
      await call('/apis/tekton.dev/v1/pipelineruns', { token: READER }),
    ).toMatchObject({
      status: 403,
      body: {
        reason: 'Forbidden',
        message:
          'pipelineruns.tekton.dev is forbidden: User "system:serviceaccount:backstage:reader" cannot list ' +
          'resource "pipelineruns" in API group "tekton.dev" at the cluster scope',
      },
    });
    expect(
      await call(`${RUNS}/payments-api-ci-r2d9w`, {
        method: 'PATCH',
        token: READER,
        contentType: 'application/merge-patch+json',
        body: { spec: { status: 'Cancelled' } },
      }),
    ).toMatchObject({
      status: 403,
      body: {
        message:
          'pipelineruns.tekton.dev "payments-api-ci-r2d9w" is forbidden: User "system:serviceaccount:backstage:reader" ' +
          'cannot patch resource "pipelineruns" in API group "tekton.dev" in the namespace "payments"',
      },
    });
  });

  it('creates with generateName, sets the server fields and drops status', async () => {
    const created = await call(RUNS, {
      method: 'POST',
      contentType: 'application/json',
      body: {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: { generateName: 'payments-api-ci-', labels: { a: 'b' } },
        spec: { pipelineRef: { name: 'go-service-ci' } },
        status: { conditions: [{ type: 'Succeeded', status: 'True' }] },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({
      name: expect.stringMatching(
        /^payments-api-ci-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      ),
      namespace: 'payments',
      uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      resourceVersion: expect.stringMatching(/^\d+$/),
      generation: 1,
      creationTimestamp: expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      ),
      labels: { a: 'b' },
    });
    expect(created.body.status).toBeUndefined();
    expect(
      fake.object(
        'tekton.dev/v1',
        'PipelineRun',
        'payments',
        created.body.metadata.name,
      ),
    ).toEqual(created.body);
    expect(
      await call(RUNS, {
        method: 'POST',
        contentType: 'application/json',
        body: { metadata: { name: 'payments-api-ci-7xk2p' }, spec: {} },
      }),
    ).toMatchObject({ status: 409, body: { reason: 'AlreadyExists' } });
    expect(
      await call(RUNS, {
        method: 'POST',
        contentType: 'application/json',
        body: { spec: {} },
      }),
    ).toMatchObject({ status: 422, body: { reason: 'Invalid' } });
    expect(
      await call(RUNS, {
        method: 'POST',
        contentType: 'text/plain',
        body: '{}',
      }),
    ).toMatchObject({ status: 415, body: { reason: 'UnsupportedMediaType' } });
  });

  it('merge-patches the main resource without touching status, and /status without touching spec', async () => {
    const path = `${RUNS}/payments-api-ci-r2d9w`;
    const before = fake.object(
      'tekton.dev/v1',
      'PipelineRun',
      'payments',
      'payments-api-ci-r2d9w',
    );
    const patched = await call(path, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: {
        spec: { status: 'Cancelled' },
        status: { conditions: [] },
        metadata: { name: 'other' },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.spec.status).toBe('Cancelled');
    expect(patched.body.spec.params).toEqual(before.spec.params);
    expect(patched.body.status).toEqual(before.status);
    expect(patched.body.metadata.name).toBe('payments-api-ci-r2d9w');
    expect(patched.body.metadata.generation).toBe(
      before.metadata.generation + 1,
    );
    expect(Number(patched.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(before.metadata.resourceVersion),
    );

    const status = await call(`${path}/status`, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: {
        spec: { status: null },
        status: { completionTime: '2026-01-15T10:02:00Z' },
      },
    });
    expect(status.body.spec.status).toBe('Cancelled');
    expect(status.body.status.completionTime).toBe('2026-01-15T10:02:00Z');
    expect(status.body.status.childReferences).toEqual(
      before.status.childReferences,
    );
  });

  it('applies JSON patches, refuses strategic merge on a custom resource and checks resourceVersion', async () => {
    const path = `${RUNS}/payments-api-ci-7xk2p`;
    const json = await call(path, {
      method: 'PATCH',
      contentType: 'application/json-patch+json',
      body: [
        { op: 'test', path: '/spec/params/0/name', value: 'repo-url' },
        { op: 'replace', path: '/spec/params/2/value', value: 'release' },
        { op: 'add', path: '/metadata/labels/x~1y', value: 'z' },
      ],
    });
    expect(json.status).toBe(200);
    expect(json.body.spec.params[2]).toEqual({
      name: 'branch',
      value: 'release',
    });
    expect(json.body.metadata.labels['x/y']).toBe('z');
    expect(
      await call(path, {
        method: 'PATCH',
        contentType: 'application/json-patch+json',
        body: [{ op: 'test', path: '/spec/params/0/name', value: 'nope' }],
      }),
    ).toMatchObject({ status: 422 });
    expect(
      await call(path, {
        method: 'PATCH',
        contentType: 'application/strategic-merge-patch+json',
        body: { spec: {} },
      }),
    ).toMatchObject({ status: 415, body: { reason: 'UnsupportedMediaType' } });
    expect(
      await call(path, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: {
          metadata: { resourceVersion: '1' },
          spec: { status: 'Cancelled' },
        },
      }),
    ).toMatchObject({ status: 409, body: { reason: 'Conflict' } });
  });

  it('serves pod logs as text, honouring container, tailLines and limitBytes', async () => {
    const pod =
      '/api/v1/namespaces/payments/pods/payments-api-ci-m4n8q-test-pod/log';
    const full = await call(`${pod}?container=step-coverage-gate`);
    expect(full.status).toBe(200);
    expect(full.type).toBe('text/plain');
    expect(full.body).toBe(
      fixtures.logs[
        'payments/payments-api-ci-m4n8q-test-pod/step-coverage-gate'
      ],
    );
    expect(
      (await call(`${pod}?container=step-coverage-gate&tailLines=1`)).body,
    ).toBe('coverage 76.4% is below the threshold 80.0%\n');
    expect(
      (await call(`${pod}?container=step-coverage-gate&limitBytes=10`)).body,
    ).toBe('+ go tool ');
    expect(await call(pod)).toMatchObject({
      status: 400,
      body: {
        message:
          'a container name must be specified for pod payments-api-ci-m4n8q-test-pod, choose one of: ' +
          '[step-unit-test step-coverage-gate step-upload-coverage] or one of the init containers: [prepare]',
      },
    });
    expect(await call(`${pod}?container=step-nope`)).toMatchObject({
      status: 400,
    });
    expect(
      await call(`${pod}?container=step-unit-test&limitBytes=0`),
    ).toMatchObject({ status: 400 });
    expect(
      await call('/api/v1/namespaces/payments/pods/gone/log?container=step-x'),
    ).toMatchObject({
      status: 404,
      body: { message: 'pods "gone" not found' },
    });
  });

  it('records method, path, query, content type and body of every request', async () => {
    await call(`${RUNS}/payments-api-ci-r2d9w`, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { spec: { status: 'Cancelled' } },
    });
    await call(`${RUNS}?labelSelector=a%3Db`, { token: null });
    expect(fake.requests).toEqual([
      {
        method: 'PATCH',
        path: `${RUNS}/payments-api-ci-r2d9w`,
        query: {},
        contentType: 'application/merge-patch+json',
        authorization: `Bearer ${TOKEN}`,
        body: { spec: { status: 'Cancelled' } },
      },
      { method: 'GET', path: RUNS, query: { labelSelector: ['a=b'] } },
    ]);
  });

  it('keeps percent-encoded path segments as one segment', async () => {
    const res = await call(`${RUNS}/..%2F..%2Fsecrets`);
    expect(res).toMatchObject({
      status: 404,
      body: { message: 'pipelineruns.tekton.dev "../../secrets" not found' },
    });
    expect(fake.requests[0].path).toBe(`${RUNS}/..%2F..%2Fsecrets`);
  });

  it('serves only the kinds it was given: a cluster without Tekton answers 404 for runs', async () => {
    const plain = await FakeKubernetes.start({
      name: 'prod',
      tokens: { t: { name: 'u' } },
      kinds: DEFAULT_RESOURCE_KINDS.filter(k => !isTektonKind(k)),
    });
    try {
      const res = await fetch(`${plain.url}/apis/tekton.dev/v1/pipelineruns`, {
        headers: { authorization: 'Bearer t' },
      });
      expect(res.status).toBe(404);
      expect((await res.json()).message).toBe(
        'the server could not find the requested resource',
      );
    } finally {
      await plain.stop();
    }
  });

  it('rejects objects that fail the configured schema check with 422', async () => {
    const crds = new CrdSchemaValidator();
    const strict = await FakeKubernetes.start({
      name: 'ci',
      tokens: { t: { name: 'u' } },
      validate: o => crds.validate(o),
    });
    try {
      const res = await fetch(`${strict.url}${RUNS}`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer t',
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          apiVersion: 'tekton.dev/v1',
          kind: 'PipelineRun',
          metadata: { name: 'x' },
          spec: {
            pipelineRef: { name: 'p' },
            serviceAccountName: 'old-v1beta1-field',
          },
        }),
      });
      expect(res.status).toBe(422);
      expect((await res.json()).message).toContain(
        "/spec must NOT have additional properties 'serviceAccountName'",
      );
    } finally {
      await strict.stop();
    }
  });

  it('delays answers by the configured latency', async () => {
    fake.setLatency(200);
    const started = Date.now();
    await call(RUNS);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
