import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import {
  SANDBOX_KUBERNETES,
  sandboxClusterDir,
  startSandboxKubernetes,
} from './sandboxClusters';

jest.setTimeout(120_000);

/** A request as the backend sends it: TLS verified against the cluster's CA, a bearer token. */
function call(
  url: string,
  options: { ca: string; token: string; method?: string },
): Promise<{ status: number; body: any }> {
  return new Promise((done, fail) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        headers: { authorization: `Bearer ${options.token}` },
      },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, body: JSON.parse(text) }),
        );
      },
    );
    req.on('error', fail);
    req.end();
  });
}

describe('startSandboxKubernetes', () => {
  it('serves the demo clusters on their ports to the backend service account, as the documented ClusterRole allows', async () => {
    const portOffset = 17000 + Math.floor(Math.random() * 1000);
    const offsetMs = 24 * 3600_000;
    const clusters = await startSandboxKubernetes({
      portOffset,
      offsetMs,
      writeFiles: false,
    });
    try {
      const { server, token } = clusters.ci;
      expect(server.url).toBe(
        `https://127.0.0.1:${SANDBOX_KUBERNETES.ci.port + portOffset}`,
      );
      const runUrl = `${server.url}/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-7xk2p`;
      const run = await call(runUrl, { ca: server.ca, token });
      expect(run.status).toBe(200);
      expect(run.body.status.startTime).toBe('2026-01-15T05:20:00Z');

      // docs/kubernetes-rbac.yaml gives no delete: the real RBAC says so.
      const deleted = await call(runUrl, {
        ca: server.ca,
        token,
        method: 'DELETE',
      });
      expect(deleted.status).toBe(403);
      expect(deleted.body.message).toContain(
        'User "system:serviceaccount:backstage:delivery" cannot delete resource "pipelineruns" in API group "tekton.dev"',
      );

      // The Konflux reference build, served as v1 with its capture's namespace and times.
      const konflux = `${server.url}/apis/tekton.dev/v1/namespaces/test-ns`;
      const runs = await call(
        `${konflux}/pipelineruns?labelSelector=${encodeURIComponent(
          'appstudio.openshift.io/component=human-resources',
        )}`,
        { ca: server.ca, token },
      );
      expect(runs.status).toBe(200);
      expect(runs.body.items.map((r: any) => r.metadata.name)).toEqual([
        'human-resources-on-push-z79cl',
      ]);
      const [konfluxRun] = runs.body.items;
      expect(konfluxRun.metadata.annotations['chains.tekton.dev/signed']).toBe(
        'true',
      );
      expect(konfluxRun.status.startTime).toBe('2023-07-31T09:54:31Z');
      expect(konfluxRun.status.pipelineResults).toBeUndefined();
      expect(
        konfluxRun.status.results.find((r: any) => r.name === 'IMAGE_DIGEST'),
      ).toEqual({
        name: 'IMAGE_DIGEST',
        value:
          'sha256:1d6da200c8ae98384a35bae37516d07b453dde85a91ff891ce57f3a99d420e6a',
      });
      const clairScan = await call(
        `${konflux}/taskruns/human-resources-on-push-z79cl-clair-scan`,
        { ca: server.ca, token },
      );
      expect(clairScan.status).toBe(200);
      expect(clairScan.body.status.taskResults).toBeUndefined();
      const scan = clairScan.body.status.results.find(
        (r: any) => r.name === 'CLAIR_SCAN_RESULT',
      );
      expect(JSON.parse(scan.value)).toEqual({
        vulnerabilities: { critical: 0, high: 2, medium: 7, low: 3 },
      });
      const buildContainer = await call(
        `${konflux}/taskruns/human-resources-on-push-z79cl-build-container`,
        { ca: server.ca, token },
      );
      expect(buildContainer.status).toBe(200);
      expect(
        buildContainer.body.metadata.labels['tekton.dev/pipelineRun'],
      ).toBe('human-resources-on-push-z79cl');

      const prod = clusters.prod;
      const rollout = await call(
        `${prod.server.url}/apis/argoproj.io/v1alpha1/namespaces/orders/rollouts/orders-api`,
        { ca: prod.server.ca, token: prod.token },
      );
      expect(rollout.status).toBe(200);
      expect(rollout.body.status).toMatchObject({
        phase: 'Paused',
        currentStepIndex: 1,
        pauseConditions: [
          { reason: 'CanaryPauseStep', startTime: '2026-01-16T12:03:40Z' },
        ],
      });
      // Each cluster signs its own service-account tokens.
      const foreign = await call(
        `${prod.server.url}/apis/argoproj.io/v1alpha1/namespaces/orders/rollouts/orders-api`,
        { ca: prod.server.ca, token },
      );
      expect(foreign.status).toBe(401);
    } finally {
      await Promise.all(Object.values(clusters).map(c => c.server.stop()));
    }
  });

  it('writes the CA and the token the sandbox config points at, and keeps the CA across restarts', async () => {
    const portOffset = 18000 + Math.floor(Math.random() * 1000);
    const first = await startSandboxKubernetes({ portOffset });
    const dir = sandboxClusterDir('prod');
    const ca = readFileSync(join(dir, 'ca.crt'), 'utf8');
    expect(ca).toBe(first.prod.server.ca);
    expect(readFileSync(join(dir, 'token'), 'utf8')).toBe(first.prod.token);
    await Promise.all(Object.values(first).map(c => c.server.stop()));

    const second = await startSandboxKubernetes({ portOffset });
    try {
      expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).toBe(ca);
      expect(existsSync(join(dir, 'token'))).toBe(true);
      expect(second.prod.token).not.toBe(first.prod.token);
    } finally {
      await Promise.all(Object.values(second).map(c => c.server.stop()));
    }
  });
});
