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

  it('serves the Rollouts of the prod cluster with its own token', async () => {
    const portOffset = 18000 + Math.floor(Math.random() * 1000);
    const clusters = await startSandboxKubernetes({
      portOffset,
      offsetMs: 3600_000,
    });
    try {
      expect(clusters.prod.url).toBe(
        `http://127.0.0.1:${SANDBOX_KUBERNETES.prod.port + portOffset}`,
      );
      const url = `${clusters.prod.url}/apis/argoproj.io/v1alpha1/namespaces/orders/rollouts/orders-api`;
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${SANDBOX_KUBERNETES.prod.token}` },
      });
      expect(res.status).toBe(200);
      const rollout = await res.json();
      expect(rollout.status).toMatchObject({
        phase: 'Paused',
        currentStepIndex: 1,
        pauseConditions: [
          { reason: 'CanaryPauseStep', startTime: '2026-01-15T13:03:40Z' },
        ],
      });
      const other = await fetch(url, {
        headers: { authorization: `Bearer ${SANDBOX_KUBERNETES.ci.token}` },
      });
      expect(other.status).toBe(401);
    } finally {
      await Promise.all(Object.values(clusters).map(c => c.stop()));
    }
  });
});
