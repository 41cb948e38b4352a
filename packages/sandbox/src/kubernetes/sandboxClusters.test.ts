import { SANDBOX_KUBERNETES, startSandboxKubernetes } from './sandboxClusters';

describe('startSandboxKubernetes', () => {
  it('serves the demo clusters on their ports, with times moved by the offset', async () => {
    const portOffset = 17000 + Math.floor(Math.random() * 1000);
    const offsetMs = 24 * 3600_000;
    const clusters = await startSandboxKubernetes({ portOffset, offsetMs });
    try {
      expect(clusters.ci.url).toBe(
        `http://127.0.0.1:${SANDBOX_KUBERNETES.ci.port + portOffset}`,
      );
      const res = await fetch(
        `${clusters.ci.url}/apis/tekton.dev/v1/namespaces/payments/pipelineruns/payments-api-ci-7xk2p`,
        { headers: { authorization: `Bearer ${SANDBOX_KUBERNETES.ci.token}` } },
      );
      expect(res.status).toBe(200);
      const run = await res.json();
      expect(run.status.startTime).toBe('2026-01-15T05:20:00Z');
      expect(run.metadata.creationTimestamp).toBe('2026-01-15T05:20:00Z');
    } finally {
      await Promise.all(Object.values(clusters).map(c => c.stop()));
    }
  });
});
