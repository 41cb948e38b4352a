import { ConfigReader } from '@backstage/config';
import {
  FakeKubernetes,
  DEFAULT_RESOURCE_KINDS,
  isTektonKind,
  loadKubernetesFixtures,
} from '@go-delivery/sandbox/src/kubernetes';
import { ScriptedHttpServer } from '@go-delivery/sandbox';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKubernetesConfig } from './readKubernetesConfig';
import { createKubernetesClients } from './createKubernetesClients';
import { KubernetesApiError } from './KubernetesApiError';
import { KubernetesClient } from './KubernetesClient';
import { PODS, TEKTON_PIPELINE_RUNS } from './resourceTypes';

const fixtures = loadKubernetesFixtures().ci;
const TOKEN = 'ci-token';

function clientFor(cluster: Record<string, unknown>): KubernetesClient {
  const [client] = createKubernetesClients(
    readKubernetesConfig(
      new ConfigReader({
        delivery: { kubernetes: { clusters: [{ name: 'ci', ...cluster }] } },
      }),
    ),
  );
  return client;
}

function tokenClient(
  url: string,
  options?: { token?: string; timeoutMs?: number },
) {
  return clientFor({
    url,
    skipTLSVerify: true,
    auth: { type: 'serviceAccount', token: options?.token ?? TOKEN },
    ...(options?.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

async function closedPort(): Promise<number> {
  return new Promise(resolve => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('HttpKubernetesClient against the fake API server', () => {
  let fake: FakeKubernetes;
  let tmp: string;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'delivery-k8s-'));
  });

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(async () => {
    fake = await FakeKubernetes.start({
      name: 'ci',
      fixtures,
      tokens: {
        [TOKEN]: { name: 'system:serviceaccount:backstage:delivery' },
        'reader-token': { name: 'reader', verbs: ['get', 'list'] },
        'other-token': { name: 'other' },
      },
    });
  });

  afterEach(async () => {
    await fake.stop();
  });

  it('lists with the selector, in one namespace or all, with the bearer token', async () => {
    const client = tokenClient(fake.url);
    const runs = await client.list(TEKTON_PIPELINE_RUNS, {
      namespace: 'payments',
      labelSelector: 'backstage.io/kubernetes-id=payments-api',
    });
    expect(runs.map(r => r.metadata?.name)).toEqual([
      'payments-api-ci-7xk2p',
      'payments-api-ci-b6t3v',
      'payments-api-ci-m4n8q',
      'payments-api-ci-r2d9w',
    ]);
    const everywhere = await client.list(TEKTON_PIPELINE_RUNS, {
      labelSelector: 'backstage.io/kubernetes-id in (orders-api)',
    });
    expect(everywhere).toHaveLength(3);
    expect(fake.requests).toEqual([
      {
        method: 'GET',
        path: '/apis/tekton.dev/v1/namespaces/payments/pipelineruns',
        query: {
          labelSelector: ['backstage.io/kubernetes-id=payments-api'],
          limit: ['500'],
        },
        authorization: `Bearer ${TOKEN}`,
      },
      {
        method: 'GET',
        path: '/apis/tekton.dev/v1/pipelineruns',
        query: {
          labelSelector: ['backstage.io/kubernetes-id in (orders-api)'],
          limit: ['500'],
        },
        authorization: `Bearer ${TOKEN}`,
      },
    ]);
  });

  it('follows continue tokens across pages', async () => {
    const many = Array.from({ length: 1201 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `p-${String(i).padStart(4, '0')}`,
        namespace: 'bulk',
        labels: { bulk: 'yes' },
      },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    }));
    fake.put(...many);
    const pods = await tokenClient(fake.url).list(PODS, {
      namespace: 'bulk',
      labelSelector: 'bulk=yes',
    });
    expect(pods.map(p => p.metadata?.name)).toEqual(
      many.map(p => p.metadata.name),
    );
    expect(
      fake.requests.map(r => [r.query.limit, r.query.continue === undefined]),
    ).toEqual([
      [['500'], true],
      [['500'], false],
      [['500'], false],
    ]);
  });

  it('creates, merge-patches (also the status subresource) and replaces with the exact wire format', async () => {
    const client = tokenClient(fake.url);
    const created = await client.create(TEKTON_PIPELINE_RUNS, {
      namespace: 'payments',
      body: {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: { generateName: 'x-' },
        spec: { pipelineRef: { name: 'go-service-ci' } },
      },
    });
    const name = created.metadata!.name!;
    await client.patch(TEKTON_PIPELINE_RUNS, {
      namespace: 'payments',
      name,
      patchType: 'merge',
      patch: { spec: { status: 'Cancelled' } },
    });
    await client.patch(TEKTON_PIPELINE_RUNS, {
      namespace: 'payments',
      name,
      patchType: 'json',
      subresource: 'status',
      patch: [
        {
          op: 'add',
          path: '/status',
          value: { startTime: '2026-01-15T10:00:00Z' },
        },
      ],
    });
    const current = await client.get(TEKTON_PIPELINE_RUNS, {
      namespace: 'payments',
      name,
    });
    await client.replace(TEKTON_PIPELINE_RUNS, {
      namespace: 'payments',
      name,
      body: {
        ...current,
        metadata: { ...current.metadata, labels: { a: 'b' } },
      },
    });
    expect(
      fake.requests.map(r => [r.method, r.path, r.contentType, r.body]),
    ).toEqual([
      [
        'POST',
        '/apis/tekton.dev/v1/namespaces/payments/pipelineruns',
        'application/json',
        {
          apiVersion: 'tekton.dev/v1',
          kind: 'PipelineRun',
          metadata: { generateName: 'x-' },
          spec: { pipelineRef: { name: 'go-service-ci' } },
        },
      ],
      [
        'PATCH',
        `/apis/tekton.dev/v1/namespaces/payments/pipelineruns/${name}`,
        'application/merge-patch+json',
        { spec: { status: 'Cancelled' } },
      ],
      [
        'PATCH',
        `/apis/tekton.dev/v1/namespaces/payments/pipelineruns/${name}/status`,
        'application/json-patch+json',
        [
          {
            op: 'add',
            path: '/status',
            value: { startTime: '2026-01-15T10:00:00Z' },
          },
        ],
      ],
      [
        'GET',
        `/apis/tekton.dev/v1/namespaces/payments/pipelineruns/${name}`,
        undefined,
        undefined,
      ],
      [
        'PUT',
        `/apis/tekton.dev/v1/namespaces/payments/pipelineruns/${name}`,
        'application/json',
        expect.anything(),
      ],
    ]);
    const stored = fake.object(
      'tekton.dev/v1',
      'PipelineRun',
      'payments',
      name,
    );
    expect(stored.spec.status).toBe('Cancelled');
    expect(stored.status.startTime).toBe('2026-01-15T10:00:00Z');
    expect(stored.metadata.labels).toEqual({ a: 'b' });
  });

  it('maps 404 to not-found and tells a missing object from a missing resource type', async () => {
    const client = tokenClient(fake.url);
    const error = await client
      .get(TEKTON_PIPELINE_RUNS, { namespace: 'payments', name: 'nope' })
      .catch(e => e);
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect(error.failure).toEqual({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'not-found',
      status: 404,
      message: `Kubernetes cluster 'ci': HTTP 404: pipelineruns.tekton.dev "nope" not found`,
    });
    expect(error.isResourceTypeMissing).toBe(false);

    const noTekton = await FakeKubernetes.start({
      name: 'prod',
      tokens: { [TOKEN]: { name: 'x' } },
      kinds: DEFAULT_RESOURCE_KINDS.filter(k => !isTektonKind(k)),
    });
    try {
      const missing = await tokenClient(noTekton.url)
        .list(TEKTON_PIPELINE_RUNS, {})
        .catch(e => e);
      expect(missing.isResourceTypeMissing).toBe(true);
      expect(missing.failure.message).toBe(
        "Kubernetes cluster 'ci': HTTP 404: the server could not find the requested resource",
      );
    } finally {
      await noTekton.stop();
    }
  });

  it('maps a refused token to unauthorized and missing RBAC to forbidden', async () => {
    const refused = await tokenClient(fake.url, { token: 'wrong' })
      .list(TEKTON_PIPELINE_RUNS, {})
      .catch(e => e);
    expect(refused.failure).toEqual({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'unauthorized',
      status: 401,
      message: "Kubernetes cluster 'ci': HTTP 401: Unauthorized",
    });
    const forbidden = await tokenClient(fake.url, { token: 'reader-token' })
      .patch(TEKTON_PIPELINE_RUNS, {
        namespace: 'payments',
        name: 'payments-api-ci-r2d9w',
        patchType: 'merge',
        patch: { spec: { status: 'Cancelled' } },
      })
      .catch(e => e);
    expect(forbidden.failure).toMatchObject({
      reason: 'forbidden',
      status: 403,
      message: expect.stringContaining(
        'HTTP 403: pipelineruns.tekton.dev "payments-api-ci-r2d9w" is forbidden: User "reader" cannot patch',
      ),
    });
  });

  it('times out a slow cluster', async () => {
    fake.setLatency(600);
    const client = tokenClient(fake.url, { timeoutMs: 100 });
    const started = Date.now();
    const error = await client.list(TEKTON_PIPELINE_RUNS, {}).catch(e => e);
    expect(Date.now() - started).toBeLessThan(500);
    expect(error.failure).toEqual({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'timeout',
      message: "Kubernetes cluster 'ci': no answer within 100 ms",
    });
  });

  it('reports a cluster that is down as unreachable', async () => {
    const port = await closedPort();
    const error = await tokenClient(`http://127.0.0.1:${port}`)
      .list(TEKTON_PIPELINE_RUNS, {})
      .catch(e => e);
    expect(error.failure).toMatchObject({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'unreachable',
      message: expect.stringMatching(
        /^Kubernetes cluster 'ci': unreachable: ECONNREFUSED/,
      ),
    });
  });

  it('reads a step log capped at limitBytes and says when it was cut', async () => {
    const client = tokenClient(fake.url);
    const full =
      fixtures.logs['payments/payments-api-ci-m4n8q-test-pod/step-unit-test'];
    const pod = {
      namespace: 'payments',
      pod: 'payments-api-ci-m4n8q-test-pod',
      container: 'step-unit-test',
    };
    const cut = await client.podLog({ ...pod, limitBytes: 40 });
    expect(cut).toEqual({ text: full.slice(0, 40), truncated: true });
    const whole = await client.podLog({
      ...pod,
      limitBytes: Buffer.byteLength(full),
    });
    expect(whole).toEqual({ text: full, truncated: false });
    expect(fake.requests.map(r => [r.path, r.query])).toEqual([
      [
        '/api/v1/namespaces/payments/pods/payments-api-ci-m4n8q-test-pod/log',
        { container: ['step-unit-test'], limitBytes: ['41'] },
      ],
      [
        '/api/v1/namespaces/payments/pods/payments-api-ci-m4n8q-test-pod/log',
        {
          container: ['step-unit-test'],
          limitBytes: [String(Buffer.byteLength(full) + 1)],
        },
      ],
    ]);
  });

  it('stops reading when a server ignores limitBytes', async () => {
    // A misbehaving proxy in front of the API server that streams far more than was asked for.
    let chunksWritten = 0;
    const flood = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(100_000);
      const write = () => {
        if (res.destroyed || chunksWritten >= 200) {
          res.end();
          return;
        }
        chunksWritten += 1;
        res.write(chunk, () => setImmediate(write));
      };
      write();
    });
    await new Promise<void>(resolve =>
      flood.listen(0, '127.0.0.1', () => resolve()),
    );
    try {
      const { port } = flood.address() as { port: number };
      const log = await tokenClient(`http://127.0.0.1:${port}`).podLog({
        namespace: 'payments',
        pod: 'p',
        container: 'step-x',
        limitBytes: 1000,
      });
      expect(log).toEqual({ text: 'x'.repeat(1000), truncated: true });
      await new Promise(r => setTimeout(r, 50));
      expect(chunksWritten).toBeLessThan(200);
    } finally {
      flood.closeAllConnections();
      await new Promise(resolve => flood.close(resolve));
    }
  });

  it('refuses names that would change the URL, before sending anything', async () => {
    const client = tokenClient(fake.url);
    await expect(
      client.get(TEKTON_PIPELINE_RUNS, {
        namespace: 'payments',
        name: '../../secrets',
      }),
    ).rejects.toThrow(
      "Refusing to build a Kubernetes request with name '../../secrets'",
    );
    await expect(
      client.list(PODS, { namespace: 'kube-system/..' }),
    ).rejects.toThrow('Refusing to build a Kubernetes request with namespace');
    await expect(
      client.podLog({
        namespace: 'payments',
        pod: 'p',
        container: 'step-x&follow=true',
        limitBytes: 10,
      }),
    ).rejects.toThrow('Refusing to build a Kubernetes request with container');
    expect(fake.requests).toEqual([]);
  });

  it('keeps a path prefix of the server URL', async () => {
    await tokenClient(`${fake.url}/k8s/clusters/c-1`)
      .list(PODS, { namespace: 'payments' })
      .catch(() => undefined);
    expect(fake.requests[0].path).toBe(
      '/k8s/clusters/c-1/api/v1/namespaces/payments/pods',
    );
  });

  it('uses the context and credentials of a kubeconfig file', async () => {
    const path = join(tmp, 'kubeconfig.yaml');
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: other',
        'clusters:',
        `- name: fake\n  cluster:\n    server: ${fake.url}\n    insecure-skip-tls-verify: true`,
        'users:',
        `- name: ci\n  user:\n    token: ${TOKEN}`,
        '- name: other\n  user:\n    token: other-token',
        'contexts:',
        '- name: ci\n  context:\n    cluster: fake\n    user: ci',
        '- name: other\n  context:\n    cluster: fake\n    user: other',
      ].join('\n'),
    );
    const client = clientFor({
      auth: { type: 'kubeconfig', path, context: 'ci' },
    });
    await client.list(PODS, { namespace: 'payments' });
    expect(fake.requests[0].authorization).toBe(`Bearer ${TOKEN}`);
    expect(() =>
      clientFor({ auth: { type: 'kubeconfig', path, context: 'nope' } }),
    ).toThrow(`kubeconfig ${path} has no context 'nope' (it has: ci, other)`);
  });

  it('reads a service account token from a file', async () => {
    const tokenFile = join(tmp, 'token');
    writeFileSync(tokenFile, TOKEN);
    const client = clientFor({
      url: fake.url,
      skipTLSVerify: true,
      auth: { type: 'serviceAccount', tokenFile },
    });
    await client.list(PODS, { namespace: 'payments' });
    expect(fake.requests[0].authorization).toBe(`Bearer ${TOKEN}`);
    expect(readFileSync(tokenFile, 'utf8')).toBe(TOKEN);
  });
});

describe('HttpKubernetesClient over TLS', () => {
  let fake: FakeKubernetes;
  let caData: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'delivery-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
          '-subj',
          '/CN=fake-apiserver',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
      caData = Buffer.from(cert).toString('base64');
      fake = await FakeKubernetes.start({
        name: 'ci',
        fixtures,
        tokens: { [TOKEN]: { name: 'x' } },
        tls: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  afterAll(async () => {
    await fake.stop();
  });

  it('trusts the API server through caData', async () => {
    const client = clientFor({
      url: fake.url,
      caData,
      auth: { type: 'serviceAccount', token: TOKEN },
    });
    await expect(
      client.list(PODS, { namespace: 'payments' }),
    ).resolves.not.toHaveLength(0);
  });

  it('refuses an API server whose certificate it cannot verify', async () => {
    fake.clearRequests();
    const client = clientFor({
      url: fake.url,
      auth: { type: 'serviceAccount', token: TOKEN },
    });
    const error = await client
      .list(PODS, { namespace: 'payments' })
      .catch(e => e);
    expect(error.failure).toMatchObject({
      reason: 'unreachable',
      message: expect.stringMatching(
        /^Kubernetes cluster 'ci': TLS handshake failed: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/,
      ),
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('skips verification only when told to', async () => {
    const client = clientFor({
      url: fake.url,
      skipTLSVerify: true,
      auth: { type: 'serviceAccount', token: TOKEN },
    });
    await expect(
      client.list(PODS, { namespace: 'payments' }),
    ).resolves.not.toHaveLength(0);
  });
});

describe('HttpKubernetesClient connections', () => {
  /** An API server that answers every list with no items and counts TCP connections. */
  async function countingServer(options: { dropSecondRequest?: boolean }) {
    let connections = 0;
    let requests = 0;
    const server = createHttpServer((req, res) => {
      requests++;
      if (options.dropSecondRequest && requests === 2) {
        // What a server closing an idle kept-alive connection looks like to the client.
        req.socket.destroy();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ items: [], metadata: {} }));
    });
    server.on('connection', () => connections++);
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = server.address() as { port: number };
    return {
      url: `http://127.0.0.1:${port}`,
      counts: () => ({ connections, requests }),
      close: () =>
        new Promise<void>(resolve => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  it('reuses one kept-alive connection for consecutive requests', async () => {
    const server = await countingServer({});
    try {
      const client = clientFor({
        url: server.url,
        skipTLSVerify: true,
        auth: { type: 'serviceAccount', token: TOKEN },
      });
      for (let i = 0; i < 3; i++) {
        await client.list(TEKTON_PIPELINE_RUNS, { namespace: 'ci' });
      }
      expect(server.counts()).toEqual({ connections: 1, requests: 3 });
    } finally {
      await server.close();
    }
  });

  it('retries a read once when the server closed the reused connection', async () => {
    const server = await countingServer({ dropSecondRequest: true });
    try {
      const client = clientFor({
        url: server.url,
        skipTLSVerify: true,
        auth: { type: 'serviceAccount', token: TOKEN },
      });
      await client.list(TEKTON_PIPELINE_RUNS, { namespace: 'ci' });
      await expect(
        client.list(TEKTON_PIPELINE_RUNS, { namespace: 'ci' }),
      ).resolves.toEqual([]);
      expect(server.counts()).toEqual({ connections: 2, requests: 3 });
    } finally {
      await server.close();
    }
  });
});

describe('HttpKubernetesClient on answers of an unexpected shape', () => {
  let server: ScriptedHttpServer;
  let answer: unknown;

  beforeAll(async () => {
    server = await ScriptedHttpServer.start({
      answer: () => ({ body: answer }),
    });
  });

  afterAll(async () => {
    await server.stop();
  });

  const client = () => tokenClient(server.url);

  it.each([
    [{ items: {} }, "whose 'items' is not a list"],
    [
      { items: [{}, 7] },
      "whose 'items' holds an entry that is not a JSON object",
    ],
    [
      { items: [{ metadata: 'x' }] },
      "whose 'items' holds an entry that has a 'metadata' that is not a JSON object",
    ],
    [
      { items: [{ metadata: { name: 5 } }] },
      "whose 'items' holds an entry that has a 'metadata.name' that is not a string",
    ],
    [[], 'that is not a JSON object'],
  ])('refuses the list %j as a bad response', async (body, what) => {
    answer = body;
    const error = await client()
      .list(TEKTON_PIPELINE_RUNS, { namespace: 'ci' })
      .catch(e => e);
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect(error.failure).toEqual({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'bad-response',
      message: `Kubernetes cluster 'ci': answered with a list of pipelineruns ${what}`,
    });
  });

  it('refuses an object answer that is not a JSON object', async () => {
    answer = ['not', 'an', 'object'];
    await expect(
      client().get(PODS, { namespace: 'ci', name: 'x' }),
    ).rejects.toMatchObject({
      failure: {
        reason: 'bad-response',
        message:
          "Kubernetes cluster 'ci': answered with a pods resource that is not a JSON object",
      },
    });
  });
});
