import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REFERENCE_DIR, SANDBOX_LOCAL_DIR } from '../paths';
import { shiftTimestamps } from '../shiftTimestamps';
import { KubernetesApiServer } from './apiServer/KubernetesApiServer';
import { loadKubernetesFixtures } from './fixtures';
import { konfluxReferenceRuns } from './referenceTektonRuns';

/** The service account the Delivery backend uses on each sandbox cluster. */
const DELIVERY_ACCOUNT = { namespace: 'backstage', name: 'delivery' };

/**
 * Ports of the sandbox's Kubernetes API servers; app-config.sandbox.yaml points at these and at
 * the CA and token files {@link startSandboxKubernetes} writes.
 */
export const SANDBOX_KUBERNETES = {
  /**
   * The CI cluster: Tekton runs with their pods and step logs, and the real Konflux build of the
   * reference examples (served as v1, in its namespace `test-ns`).
   */
  ci: { port: 7091 },
  /** The production cluster: the demo services' Argo Rollouts, ReplicaSets and AnalysisRuns. */
  prod: { port: 7092 },
} as const;

export type SandboxClusterName = keyof typeof SANDBOX_KUBERNETES;

/** Where a sandbox cluster keeps its certificate and writes its CA and the backend's token. */
export function sandboxClusterDir(name: SandboxClusterName): string {
  return join(SANDBOX_LOCAL_DIR, 'kubernetes', name);
}

/** The ClusterRole the docs give the Delivery backend (docs/kubernetes-rbac.yaml). */
export function deliveryClusterRole(): any {
  return parse(
    readFileSync(
      join(REFERENCE_DIR, '..', '..', '..', 'docs', 'kubernetes-rbac.yaml'),
      'utf8',
    ),
  );
}

export interface SandboxCluster {
  server: KubernetesApiServer;
  /** A token of the backend's service account (TokenRequest), also written to `token`. */
  token: string;
}

/**
 * Starts one real API server per sandbox cluster on its fixed port (or a free one with
 * `freePorts`), with the CRDs and fixtures (times moved by `offsetMs`, the same offset as the
 * other sandbox upstreams so runs and deploys line up), on the CI cluster also the Konflux
 * reference run (times as captured), and the backend's service account bound to
 * the documented ClusterRole. Writes each cluster's `ca.crt` and `token` under
 * {@link sandboxClusterDir} (the CA stays the same across restarts) unless `writeFiles` is false.
 */
export async function startSandboxKubernetes(options: {
  offsetMs?: number;
  portOffset?: number;
  freePorts?: boolean;
  writeFiles?: boolean;
}): Promise<Record<SandboxClusterName, SandboxCluster>> {
  const fixtures = loadKubernetesFixtures();
  const writeFiles = options.writeFiles ?? true;
  const names = Object.keys(SANDBOX_KUBERNETES) as SandboxClusterName[];
  const started = await Promise.allSettled(
    names.map(async name => {
      const dir = sandboxClusterDir(name);
      if (writeFiles) {
        mkdirSync(dir, { recursive: true });
        // A token from an earlier start names a service account that no longer exists.
        rmSync(join(dir, 'token'), { force: true });
      }
      const server = await KubernetesApiServer.start({
        name,
        fixtures: {
          objects: [
            ...shiftTimestamps(fixtures[name].objects, options.offsetMs ?? 0),
            // A real capture keeps its own (2023) times, unshifted: see konfluxReferenceRuns.
            ...(name === 'ci' ? konfluxReferenceRuns() : []),
          ],
          logs: fixtures[name].logs,
        },
        serviceAccounts: [
          { ...DELIVERY_ACCOUNT, clusterRole: deliveryClusterRole() },
        ],
        port: options.freePorts
          ? undefined
          : SANDBOX_KUBERNETES[name].port + (options.portOffset ?? 0),
        certDir: writeFiles ? join(dir, 'certs') : undefined,
      });
      const token = await server.serviceAccountToken(
        DELIVERY_ACCOUNT.namespace,
        DELIVERY_ACCOUNT.name,
      );
      if (writeFiles) {
        writeFileSync(join(dir, 'ca.crt'), server.ca);
        writeFileSync(join(dir, 'token'), token, { mode: 0o600 });
      }
      return [name, { server, token }] as const;
    }),
  );
  const failed = started.find(r => r.status === 'rejected');
  if (failed) {
    await Promise.all(
      started.map(r =>
        r.status === 'fulfilled' ? r.value[1].server.stop() : undefined,
      ),
    );
    throw (failed as PromiseRejectedResult).reason;
  }
  return Object.fromEntries(
    started.map(
      r =>
        (
          r as PromiseFulfilledResult<
            readonly [SandboxClusterName, SandboxCluster]
          >
        ).value,
    ),
  ) as Record<SandboxClusterName, SandboxCluster>;
}
