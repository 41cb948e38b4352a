import { shiftTimestamps } from '../shiftTimestamps';
import { FakeKubernetes } from './FakeKubernetes';
import { loadKubernetesFixtures } from './fixtures';

/**
 * Ports and tokens of the sandbox's Kubernetes API servers; app-config.sandbox.yaml points at these
 * (`delivery.kubernetes.clusters`, with `skipTLSVerify: true` since the sandbox speaks plain HTTP).
 */
export const SANDBOX_KUBERNETES = {
  ci: {
    port: 7091,
    token: 'sandbox-ci-token',
    user: 'system:serviceaccount:backstage:delivery',
  },
  /** The production cluster: the demo services' Argo Rollouts, ReplicaSets and AnalysisRuns. */
  prod: {
    port: 7092,
    token: 'sandbox-prod-token',
    user: 'system:serviceaccount:backstage:delivery',
  },
} as const;

/**
 * Starts one fake API server per sandbox cluster on its fixed port (or a free one with
 * `freePorts`), with fixture times moved by `offsetMs` (use the same offset as the other sandbox
 * upstreams so runs and deploys line up).
 */
export async function startSandboxKubernetes(options: {
  host?: string;
  offsetMs?: number;
  portOffset?: number;
  freePorts?: boolean;
}): Promise<Record<keyof typeof SANDBOX_KUBERNETES, FakeKubernetes>> {
  const fixtures = loadKubernetesFixtures();
  const started: Partial<
    Record<keyof typeof SANDBOX_KUBERNETES, FakeKubernetes>
  > = {};
  for (const [name, cluster] of Object.entries(SANDBOX_KUBERNETES)) {
    const clusterFixtures = fixtures[name];
    started[name as keyof typeof SANDBOX_KUBERNETES] =
      await FakeKubernetes.start({
        name,
        fixtures: {
          objects: shiftTimestamps(
            clusterFixtures.objects,
            options.offsetMs ?? 0,
          ),
          logs: clusterFixtures.logs,
        },
        tokens: { [cluster.token]: { name: cluster.user } },
        port: options.freePorts
          ? undefined
          : cluster.port + (options.portOffset ?? 0),
        host: options.host,
      });
  }
  return started as Record<keyof typeof SANDBOX_KUBERNETES, FakeKubernetes>;
}
