import { ConfigReader } from '@backstage/config';
import {
  freePort,
  KubernetesApiServer,
  loadKubernetesFixtures,
  onlyProjects,
  ScriptedHttpServer,
  startTcpProxy,
} from '@go-delivery/sandbox';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKubernetesConfig } from './readKubernetesConfig';
import { createKubernetesClients } from './createKubernetesClients';
import { KubernetesApiError } from './KubernetesApiError';
import { KubernetesClient, KubernetesResourceType } from './KubernetesClient';
import { PODS, TEKTON_PIPELINE_RUNS } from './resourceTypes';

/*
 * The client's wire behaviour against a real kube-apiserver (TLS with its own CA, bearer tokens,
 * RBAC, the Tekton CRDs): what it sent is read back from the server's audit log, what the server
 * made of it from the server. Only what no real server does (garbage or slow answers, a dropped
 * connection, a stream that ignores limitBytes) is played by a tiny local server.
 */

jest.setTimeout(120_000);

const fixtures = loadKubernetesFixtures().ci;
const TOKEN = 'ci-token';
const CI_USER = 'ci-user';
const SERVICE_ACCOUNT = 'system:serviceaccount:backstage:delivery';

const CONFIG_MAPS: KubernetesResourceType = {
  group: '',
  version: 'v1',
  plural: 'configmaps',
};

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

/** A client of a local plain-HTTP server (accepted with skipTLSVerify only). */
function plainClient(url: string, options?: { timeoutMs?: number }) {
  return clientFor({
    url,
    skipTLSVerify: true,
    auth: { type: 'serviceAccount', token: TOKEN },
    ...(options?.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

describe('HttpKubernetesClient against a real API server', () => {
  let server: KubernetesApiServer;
  /** A second cluster: without Tekton, and with a CA of its own. */
  let noTekton: KubernetesApiServer;
  let tmp: string;

  /** A client of the API server, trusting its CA. */
  function tokenClient(options?: { token?: string; url?: string }) {
    return clientFor({
      url: options?.url ?? server.url,
      caData: server.caData,
      auth: { type: 'serviceAccount', token: options?.token ?? TOKEN },
    });
  }

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'delivery-k8s-'));
    [server, noTekton] = await Promise.all([
      KubernetesApiServer.start({
        name: 'ci',
        fixtures,
        tokens: {
          [TOKEN]: { name: CI_USER },
          'reader-token': { name: 'reader', verbs: ['get', 'list'] },
          'other-token': { name: 'other' },
        },
        serviceAccounts: [
          {
            namespace: 'backstage',
            name: 'delivery',
            verbs: ['get', 'list'],
            resources: ['pipelineruns'],
            namespaces: ['payments'],
          },
        ],
        crds: onlyProjects('tekton'),
      }),
      KubernetesApiServer.start({
        name: 'prod',
        tokens: { [TOKEN]: { name: CI_USER } },
        // A prod cluster: Argo Rollouts, no Tekton.
        crds: onlyProjects('argo-rollouts'),
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([server?.stop(), noTekton?.stop()]);
    rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => {
    server.resetRequests();
  });

  it('lists with the selector, in one namespace or all, with the bearer token', async () => {
    const client = tokenClient();
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
    expect(everywhere.map(r => r.metadata?.namespace)).toEqual([
      'orders',
      'orders',
      'orders',
    ]);
    expect(await server.requests()).toEqual([
      {
        method: 'GET',
        path: '/apis/tekton.dev/v1/namespaces/payments/pipelineruns',
        query: {
          labelSelector: ['backstage.io/kubernetes-id=payments-api'],
          limit: ['500'],
        },
        user: CI_USER,
        status: 200,
      },
      {
        method: 'GET',
        path: '/apis/tekton.dev/v1/pipelineruns',
        query: {
          labelSelector: ['backstage.io/kubernetes-id in (orders-api)'],
          limit: ['500'],
        },
        user: CI_USER,
        status: 200,
      },
    ]);
  });

  it('passes a selector through as given, and reports the 400 of one the real server cannot parse (the fake matched it)', async () => {
    // A value that is no label value and one longer than 63 bytes: the fake's matcher took both
    // (matching nothing); the API server refuses them. An empty set it takes, matching nothing.
    const client = tokenClient();
    const badValue = await client
      .list(TEKTON_PIPELINE_RUNS, { labelSelector: 'tekton.dev/pipeline=-x' })
      .catch(e => e);
    expect(badValue).toBeInstanceOf(KubernetesApiError);
    expect(badValue.failure).toEqual({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'upstream-error',
      status: 400,
      message: expect.stringMatching(
        /^Kubernetes cluster 'ci': HTTP 400: unable to parse requirement: values\[0\]\[tekton\.dev\/pipeline\]: Invalid value: "-x": a valid label must be/,
      ),
    });
    expect(badValue.statusInfo.reason).toBe('BadRequest');
    const tooLong = await client
      .list(TEKTON_PIPELINE_RUNS, {
        labelSelector: `tekton.dev/pipeline=${'a'.repeat(64)}`,
      })
      .catch(e => e);
    expect(tooLong.failure).toMatchObject({
      reason: 'upstream-error',
      status: 400,
      message: expect.stringContaining('must be no more than 63 bytes'),
    });
    await expect(
      client.list(TEKTON_PIPELINE_RUNS, {
        labelSelector: 'tekton.dev/pipeline in ()',
      }),
    ).resolves.toEqual([]);
    expect(
      (await server.requests()).map(r => [r.query.labelSelector, r.status]),
    ).toEqual([
      [['tekton.dev/pipeline=-x'], 400],
      [[`tekton.dev/pipeline=${'a'.repeat(64)}`], 400],
      [['tekton.dev/pipeline in ()'], 200],
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
    await server.put(...many);
    server.resetRequests();
    const pods = await tokenClient().list(PODS, {
      namespace: 'bulk',
      labelSelector: 'bulk=yes',
    });
    expect(pods.map(p => p.metadata?.name)).toEqual(
      many.map(p => p.metadata.name),
    );
    expect(
      (await server.requests()).map(r => [
        r.path,
        r.query.limit,
        r.query.continue === undefined,
        r.status,
      ]),
    ).toEqual([
      ['/api/v1/namespaces/bulk/pods', ['500'], true, 200],
      ['/api/v1/namespaces/bulk/pods', ['500'], false, 200],
      ['/api/v1/namespaces/bulk/pods', ['500'], false, 200],
    ]);
  });

  it('creates, merge-patches (also the status subresource) and replaces with the exact wire format', async () => {
    const client = tokenClient();
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
    expect(name).toMatch(/^x-[a-z0-9]{5}$/);
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
    // The audit log has no content types; the server's answers say they were right: a merge
    // patch sent as a JSON patch (or as a strategic merge patch, which custom resources do not
    // take) would have been refused.
    expect(
      (await server.requests()).map(r => [r.method, r.path, r.body, r.status]),
    ).toEqual([
      [
        'POST',
        '/apis/tekton.dev/v1/namespaces/payments/pipelineruns',
        {
          apiVersion: 'tekton.dev/v1',
          kind: 'PipelineRun',
          metadata: { generateName: 'x-' },
          spec: { pipelineRef: { name: 'go-service-ci' } },
        },
        201,
      ],
      [
        'PATCH',
        `/apis/tekton.dev/v1/namespaces/payments/pipelineruns/${name}`,
        { spec: { status: 'Cancelled' } },
        200,
      ],
      [
        'PATCH',
        `/apis/tekton.dev/v1/namespaces/payments/pipelineruns/${name}/status`,
        [
          {
            op: 'add',
            path: '/status',
            value: { startTime: '2026-01-15T10:00:00Z' },
          },
        ],
        200,
      ],
      [
        'GET',
        `/apis/tekton.dev/v1/namespaces/payments/pipelineruns/${name}`,
        undefined,
        200,
      ],
      [
        'PUT',
        `/apis/tekton.dev/v1/namespaces/payments/pipelineruns/${name}`,
        expect.objectContaining({
          metadata: expect.objectContaining({
            name,
            labels: { a: 'b' },
            resourceVersion: current.metadata!.resourceVersion,
          }),
        }),
        200,
      ],
    ]);
    const stored = await server.object(
      'tekton.dev/v1',
      'PipelineRun',
      'payments',
      name,
    );
    expect(stored.spec.status).toBe('Cancelled');
    expect(stored.status.startTime).toBe('2026-01-15T10:00:00Z');
    expect(stored.metadata.labels).toEqual({ a: 'b' });
    expect(stored.metadata.generation).toBe(2);
  });

  it('sends a JSON merge patch, not a strategic one, to built-in kinds too', async () => {
    // finalizers merge under a strategic merge patch and are replaced under a JSON merge patch:
    // what the server stored tells which content type it was sent.
    await server.put({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'wire',
        namespace: 'payments',
        finalizers: ['example.com/a'],
      },
      data: { a: '1' },
    });
    server.resetRequests();
    await tokenClient().patch(CONFIG_MAPS, {
      namespace: 'payments',
      name: 'wire',
      patchType: 'merge',
      patch: { metadata: { finalizers: ['example.com/b'] }, data: { a: null } },
    });
    const stored = await server.object('v1', 'ConfigMap', 'payments', 'wire');
    expect(stored.metadata.finalizers).toEqual(['example.com/b']);
    expect(stored.data).toBeUndefined();
    expect(await server.requests()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: '/api/v1/namespaces/payments/configmaps/wire',
        body: {
          metadata: { finalizers: ['example.com/b'] },
          data: { a: null },
        },
        status: 200,
      }),
    ]);
  });

  it('replaces a custom resource only with its resourceVersion (the fake took an unconditional PUT)', async () => {
    const client = tokenClient();
    const current = await client.get(TEKTON_PIPELINE_RUNS, {
      namespace: 'payments',
      name: 'payments-api-ci-b6t3v',
    });
    const { resourceVersion: _, ...metadata } = current.metadata!;
    const error = await client
      .replace(TEKTON_PIPELINE_RUNS, {
        namespace: 'payments',
        name: 'payments-api-ci-b6t3v',
        body: { ...current, metadata: { ...metadata, labels: { a: 'b' } } },
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect(error.failure).toEqual({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'upstream-error',
      status: 422,
      message: expect.stringContaining(
        'metadata.resourceVersion: Invalid value: 0: must be specified for an update',
      ),
    });
    expect(error.statusInfo.reason).toBe('Invalid');
    expect(
      (
        await server.object(
          'tekton.dev/v1',
          'PipelineRun',
          'payments',
          'payments-api-ci-b6t3v',
        )
      ).metadata.labels,
    ).toEqual(current.metadata!.labels);
  });

  it('maps 404 to not-found and tells a missing object from a missing resource type', async () => {
    const error = await tokenClient()
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

    const missing = await clientFor({
      url: noTekton.url,
      caData: noTekton.caData,
      auth: { type: 'serviceAccount', token: TOKEN },
    })
      .list(TEKTON_PIPELINE_RUNS, {})
      .catch(e => e);
    // Not a Status, as the fake answered: the real server's plain-text 404 of an unknown path.
    expect(missing.isResourceTypeMissing).toBe(true);
    expect(missing.failure).toEqual({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'not-found',
      status: 404,
      message: "Kubernetes cluster 'ci': HTTP 404: 404 page not found",
    });
  });

  it('maps a refused token to unauthorized and missing RBAC to forbidden', async () => {
    const refused = await tokenClient({ token: 'wrong' })
      .list(TEKTON_PIPELINE_RUNS, {})
      .catch(e => e);
    expect(refused.failure).toEqual({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'unauthorized',
      status: 401,
      message: "Kubernetes cluster 'ci': HTTP 401: Unauthorized",
    });
    const forbidden = await tokenClient({ token: 'reader-token' })
      .patch(TEKTON_PIPELINE_RUNS, {
        namespace: 'payments',
        name: 'payments-api-ci-r2d9w',
        patchType: 'merge',
        patch: { spec: { status: 'Cancelled' } },
      })
      .catch(e => e);
    expect(forbidden.failure).toEqual({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'forbidden',
      status: 403,
      message:
        'Kubernetes cluster \'ci\': HTTP 403: pipelineruns.tekton.dev "payments-api-ci-r2d9w" is forbidden: ' +
        'User "reader" cannot patch resource "pipelineruns" in API group "tekton.dev" in the namespace "payments"',
    });
    // The refused token never got past authentication: only the reader's request is audited.
    expect(
      (await server.requests()).map(r => [r.method, r.user, r.status]),
    ).toEqual([['PATCH', 'reader', 403]]);
  });

  it('authenticates with a service account token from the TokenRequest API and verifies TLS with caData', async () => {
    const token = await server.serviceAccountToken('backstage', 'delivery');
    expect(token.split('.')).toHaveLength(3);
    const client = clientFor({
      url: server.url,
      caData: server.caData,
      auth: { type: 'serviceAccount', token },
    });
    const runs = await client.list(TEKTON_PIPELINE_RUNS, {
      namespace: 'payments',
      labelSelector: 'backstage.io/kubernetes-id=payments-api',
    });
    expect(runs).toHaveLength(4);
    // Its Role is bound in payments only.
    const elsewhere = await client
      .list(TEKTON_PIPELINE_RUNS, { namespace: 'orders' })
      .catch(e => e);
    expect(elsewhere.failure).toEqual({
      kind: 'kubernetes',
      instance: 'ci',
      reason: 'forbidden',
      status: 403,
      message:
        `Kubernetes cluster 'ci': HTTP 403: pipelineruns.tekton.dev is forbidden: User "${SERVICE_ACCOUNT}" ` +
        'cannot list resource "pipelineruns" in API group "tekton.dev" in the namespace "orders"',
    });
    expect(
      (await server.requests()).map(r => [r.path, r.user, r.status]),
    ).toEqual([
      [
        '/apis/tekton.dev/v1/namespaces/payments/pipelineruns',
        SERVICE_ACCOUNT,
        200,
      ],
      [
        '/apis/tekton.dev/v1/namespaces/orders/pipelineruns',
        SERVICE_ACCOUNT,
        403,
      ],
    ]);
  });

  it('refuses an API server whose certificate it cannot verify', async () => {
    const unverified = await clientFor({
      url: server.url,
      auth: { type: 'serviceAccount', token: TOKEN },
    })
      .list(PODS, { namespace: 'payments' })
      .catch(e => e);
    expect(unverified.failure).toMatchObject({
      reason: 'unreachable',
      message: expect.stringMatching(
        /^Kubernetes cluster 'ci': TLS handshake failed: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)/,
      ),
    });
    // The CA of another cluster is no better.
    const otherCa = await clientFor({
      url: server.url,
      caData: noTekton.caData,
      auth: { type: 'serviceAccount', token: TOKEN },
    })
      .list(PODS, { namespace: 'payments' })
      .catch(e => e);
    expect(otherCa.failure).toMatchObject({
      reason: 'unreachable',
      message: expect.stringMatching(
        /^Kubernetes cluster 'ci': TLS handshake failed: /,
      ),
    });
    expect(await server.requests()).toEqual([]);
  });

  it('skips verification only when told to', async () => {
    const client = clientFor({
      url: server.url,
      skipTLSVerify: true,
      auth: { type: 'serviceAccount', token: TOKEN },
    });
    await expect(
      client.list(PODS, { namespace: 'payments' }),
    ).resolves.not.toHaveLength(0);
  });

  it('reuses one kept-alive TLS connection for consecutive requests', async () => {
    const proxy = await startTcpProxy(server.url);
    try {
      const client = tokenClient({ url: proxy.url });
      for (let i = 0; i < 3; i++) {
        await client.list(TEKTON_PIPELINE_RUNS, { namespace: 'payments' });
      }
      expect(proxy.connections()).toBe(1);
      expect((await server.requests()).map(r => [r.method, r.status])).toEqual([
        ['GET', 200],
        ['GET', 200],
        ['GET', 200],
      ]);
    } finally {
      await proxy.close();
    }
  });

  it('reads a step log capped at limitBytes and says when it was cut', async () => {
    const client = tokenClient();
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
    expect(
      (await server.requests()).map(r => [r.path, r.query, r.status]),
    ).toEqual([
      [
        '/api/v1/namespaces/payments/pods/payments-api-ci-m4n8q-test-pod/log',
        { container: ['step-unit-test'], limitBytes: ['41'] },
        200,
      ],
      [
        '/api/v1/namespaces/payments/pods/payments-api-ci-m4n8q-test-pod/log',
        {
          container: ['step-unit-test'],
          limitBytes: [String(Buffer.byteLength(full) + 1)],
        },
        200,
      ],
    ]);
  });

  it('refuses names that would change the URL, before sending anything', async () => {
    const client = tokenClient();
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
    expect(await server.requests()).toEqual([]);
  });

  it('keeps a path prefix of the server URL', async () => {
    const error = await tokenClient({ url: `${server.url}/k8s/clusters/c-1` })
      .list(PODS, { namespace: 'payments' })
      .catch(e => e);
    // No proxy strips the prefix here: the API server sees it, and has no such path.
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect((await server.requests()).map(r => r.path)).toEqual([
      '/k8s/clusters/c-1/api/v1/namespaces/payments/pods',
    ]);
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
        `- name: real\n  cluster:\n    server: ${server.url}\n    certificate-authority-data: ${server.caData}`,
        'users:',
        `- name: ci\n  user:\n    token: ${TOKEN}`,
        '- name: other\n  user:\n    token: other-token',
        'contexts:',
        '- name: ci\n  context:\n    cluster: real\n    user: ci',
        '- name: other\n  context:\n    cluster: real\n    user: other',
      ].join('\n'),
    );
    const client = clientFor({
      auth: { type: 'kubeconfig', path, context: 'ci' },
    });
    await client.list(PODS, { namespace: 'payments' });
    expect((await server.requests()).map(r => [r.user, r.status])).toEqual([
      [CI_USER, 200],
    ]);
    expect(() =>
      clientFor({ auth: { type: 'kubeconfig', path, context: 'nope' } }),
    ).toThrow(`kubeconfig ${path} has no context 'nope' (it has: ci, other)`);
  });

  it('reads a service account token from a file', async () => {
    const tokenFile = join(tmp, 'token');
    const token = await server.serviceAccountToken('backstage', 'delivery');
    writeFileSync(tokenFile, token);
    const client = clientFor({
      url: server.url,
      caData: server.caData,
      auth: { type: 'serviceAccount', tokenFile },
    });
    await client.list(TEKTON_PIPELINE_RUNS, { namespace: 'payments' });
    expect((await server.requests()).map(r => [r.user, r.status])).toEqual([
      [SERVICE_ACCOUNT, 200],
    ]);
    expect(readFileSync(tokenFile, 'utf8')).toBe(token);
  });
});

describe('HttpKubernetesClient against servers no real cluster is', () => {
  it('times out a slow cluster', async () => {
    const slow = await ScriptedHttpServer.start({
      latencyMs: 600,
      answer: () => ({ body: { items: [], metadata: {} } }),
    });
    try {
      const client = plainClient(slow.url, { timeoutMs: 100 });
      const started = Date.now();
      const error = await client.list(TEKTON_PIPELINE_RUNS, {}).catch(e => e);
      expect(Date.now() - started).toBeLessThan(500);
      expect(error.failure).toEqual({
        kind: 'kubernetes',
        instance: 'ci',
        reason: 'timeout',
        message: "Kubernetes cluster 'ci': no answer within 100 ms",
      });
    } finally {
      await slow.stop();
    }
  });

  it('reports a cluster that is down as unreachable', async () => {
    const port = await freePort();
    const error = await plainClient(`http://127.0.0.1:${port}`)
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
      const log = await plainClient(`http://127.0.0.1:${port}`).podLog({
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

  it('retries a read once when the server closed the reused connection', async () => {
    // What a server closing an idle kept-alive connection looks like to the client.
    let connections = 0;
    let requests = 0;
    const dropping = createHttpServer((req, res) => {
      requests++;
      if (requests === 2) {
        req.socket.destroy();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ items: [], metadata: {} }));
    });
    dropping.on('connection', () => connections++);
    await new Promise<void>(resolve =>
      dropping.listen(0, '127.0.0.1', () => resolve()),
    );
    try {
      const { port } = dropping.address() as { port: number };
      const client = plainClient(`http://127.0.0.1:${port}`);
      await client.list(TEKTON_PIPELINE_RUNS, { namespace: 'ci' });
      await expect(
        client.list(TEKTON_PIPELINE_RUNS, { namespace: 'ci' }),
      ).resolves.toEqual([]);
      expect({ connections, requests }).toEqual({
        connections: 2,
        requests: 3,
      });
    } finally {
      dropping.closeAllConnections();
      await new Promise(resolve => dropping.close(resolve));
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

  const client = () => plainClient(server.url);

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
