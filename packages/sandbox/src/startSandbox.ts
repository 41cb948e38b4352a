import { GO_SERVICE_METRICS } from '@go-delivery/plugin-delivery-common';
import { FakeArgoCd } from './argocd/FakeArgoCd';
import { ArgoCdInstanceFixtures, loadArgoCdFixtures } from './argocd/fixtures';
import {
  loadKubernetesFixtures,
  SandboxCluster,
  startSandboxKubernetes,
} from './kubernetes';
import { LocalGitopsRepository } from './gitops/LocalGitopsReader';
import { seedPaymentsGitops } from './gitops/seedPaymentsGitops';
import { SANDBOX_GIT_DIR } from './paths';
import { HistoryDeploy, RealPrometheus } from './prometheus';
import { latestTimestamp, shiftTimestamps } from './shiftTimestamps';

/** Ports and credentials of the sandbox's Argo CD instances; app-config.sandbox.yaml points at these. */
export const SANDBOX_ARGOCD = {
  prod: { port: 7081, username: 'admin', password: 'sandbox-admin-password' },
  staging: { port: 7082, token: 'sandbox-staging-token' },
} as const;

/** The sandbox's Prometheus (Debian's binary with backfilled history). */
export const SANDBOX_PROMETHEUS = {
  port: 7095,
  scrapeIntervalSeconds: 60,
} as const;

export interface Sandbox {
  argocd: Record<string, FakeArgoCd>;
  /** Real API servers, with the token of the backend's service account on each. */
  kubernetes: Record<string, SandboxCluster>;
  prometheus?: RealPrometheus;
  /**
   * The GitOps repositories it created, as `delivery.rollback.gitops.local.repositories` names
   * them; the Argo CD instances follow their branches.
   */
  gitopsRepositories: LocalGitopsRepository[];
  /** Milliseconds: the oldest deploy its Argo CD instances keep (seeded history ends there). */
  historyStartsAt: number;
  stop(): Promise<void>;
}

const HOUR = 3600_000;

/** The oldest deploy any application of these instances keeps in its history. */
function oldestDeploy(instances: ArgoCdInstanceFixtures[]): number {
  const starts = instances.flatMap(fixtures =>
    Object.values(fixtures.applications).flatMap((app: any) =>
      (app.status?.history ?? []).map(
        (h: { deployStartedAt?: string; deployedAt: string }) =>
          Date.parse(h.deployStartedAt ?? h.deployedAt),
      ),
    ),
  );
  return Math.min(...starts);
}

/** The deploys of an application in the (shifted) fixtures, oldest first. */
function deploysOf(
  fixtures: ArgoCdInstanceFixtures,
  app: string,
): HistoryDeploy[] {
  const history: Array<{ revision: string; deployedAt: string }> =
    fixtures.applications[app]?.status?.history ?? [];
  return history.map(h => ({ at: h.deployedAt, revision: h.revision }));
}

/**
 * The deploys from `from` on, and the revision that was running at `from` (the history's
 * Prometheus data starts there; older deploys only decide what ran first).
 */
function deploysSince(deploys: HistoryDeploy[], from: number) {
  const before = deploys.filter(d => Date.parse(String(d.at)) <= from);
  return {
    initialRevision: before[before.length - 1]?.revision,
    deploys: deploys.filter(d => Date.parse(String(d.at)) > from),
  };
}

/** payments-api's healthy pre-production environments: little traffic, few errors. */
function paymentsPreProduction(staging: ArgoCdInstanceFixtures, from: number) {
  return [
    { app: 'payments-api-dev', namespace: 'payments-dev', rps: 3 },
    { app: 'payments-api-staging', namespace: 'payments-staging', rps: 8 },
  ].map(env => ({
    service: 'payments-api',
    namespace: env.namespace,
    baseline: {
      requestsPerSecond: env.rps,
      errorRatio: 0.002,
      p95Seconds: 0.11,
    },
    ...deploysSince(deploysOf(staging, env.app), from),
  }));
}

/**
 * Metrics history matching the demo's Argo CD history: payments-api's newest prod deploy raised
 * errors and latency (a regression to roll back) while its dev and staging run healthy,
 * orders-api has a canary running, inventory-api is steady. Series carry the namespace of their
 * environment.
 */
function demoMetricsHistory(
  prod: ArgoCdInstanceFixtures,
  staging: ArgoCdInstanceFixtures,
  now: number,
) {
  const payments = deploysOf(prod, 'payments-api-prod');
  const orders = deploysOf(prod, 'orders-api-prod');
  const inventory = deploysOf(prod, 'inventory-api-prod');
  const earliest = Math.min(
    ...[...payments, ...orders, ...inventory].map(d =>
      Date.parse(String(d.at)),
    ),
  );
  const lastPayments = payments[payments.length - 1];
  // Spans prod's deploys, as it always has, so prod's series stay what its tests expect.
  const from = earliest - 2 * HOUR;
  return {
    metrics: GO_SERVICE_METRICS,
    from,
    // Into the future, so the charts keep data while the portal runs.
    to: now + 12 * HOUR,
    scrapeIntervalSeconds: SANDBOX_PROMETHEUS.scrapeIntervalSeconds,
    services: [
      {
        service: 'payments-api',
        namespace: 'payments',
        baseline: {
          requestsPerSecond: 40,
          errorRatio: 0.004,
          p95Seconds: 0.12,
        },
        deploys: payments.map(d =>
          d === lastPayments
            ? { ...d, regression: { errorRatio: 0.06, p95Seconds: 0.18 } }
            : d,
        ),
      },
      ...paymentsPreProduction(staging, from),
      {
        service: 'orders-api',
        namespace: 'orders',
        baseline: {
          requestsPerSecond: 25,
          errorRatio: 0.006,
          p95Seconds: 0.09,
        },
        deploys: orders,
        canary: {
          // The canary began with the sync that is still running in Argo CD.
          startedAt:
            prod.applications['orders-api-prod']?.status?.operationState
              ?.startedAt ?? now - HOUR,
          weightPercent: 20,
          revision: 'b6f1c1e0d2a4f9c3e8b7a6d5c4b3a2f1e0d9c8b7',
          regression: { errorRatio: 0.01 },
        },
      },
      {
        service: 'inventory-api',
        namespace: 'inventory',
        baseline: {
          requestsPerSecond: 12,
          errorRatio: 0.003,
          p95Seconds: 0.07,
        },
        deploys: inventory,
      },
    ],
  };
}

/**
 * Starts every sandbox upstream on its fixed port: two fake Argo CD instances, two real Kubernetes
 * API servers (Tekton runs; Argo Rollouts), and a real Prometheus with history that matches the deploys. With
 * `recent`, fixture times are moved so the newest event happened an hour ago, which is what a
 * person looking at the portal expects. Prometheus is skipped when its binaries are missing.
 *
 * With `freePorts`, every upstream takes a free port instead (read the URLs from the result), so
 * tests can run next to a local portal; `gitDir` puts the GitOps repositories elsewhere than the
 * portal's.
 */
export async function startSandbox(options: {
  host?: string;
  recent?: boolean;
  portOffset?: number;
  freePorts?: boolean;
  gitDir?: string;
  prometheus?: boolean;
}): Promise<Sandbox> {
  const argocdFixtures = loadArgoCdFixtures();
  const now = Date.now();
  const latest = Math.max(
    latestTimestamp(argocdFixtures),
    latestTimestamp(loadKubernetesFixtures()),
  );
  const offset = options.recent ? now - HOUR - latest : 0;
  const portOffset = options.portOffset ?? 0;
  const port = (fixed: number) =>
    options.freePorts ? undefined : fixed + portOffset;
  const prod = shiftTimestamps(argocdFixtures.prod, offset);
  const staging = shiftTimestamps(argocdFixtures.staging, offset);
  const gitopsRepositories = [
    seedPaymentsGitops({ prod, staging }, options.gitDir ?? SANDBOX_GIT_DIR),
  ];

  const argocd: Record<string, FakeArgoCd> = {
    prod: await FakeArgoCd.start({
      name: 'prod',
      fixtures: prod,
      users: { [SANDBOX_ARGOCD.prod.username]: SANDBOX_ARGOCD.prod.password },
      port: port(SANDBOX_ARGOCD.prod.port),
      host: options.host,
      gitopsRepositories,
    }),
    staging: await FakeArgoCd.start({
      name: 'staging',
      fixtures: staging,
      tokens: [SANDBOX_ARGOCD.staging.token],
      port: port(SANDBOX_ARGOCD.staging.port),
      host: options.host,
      gitopsRepositories,
    }),
  };
  const kubernetes = await startSandboxKubernetes({
    offsetMs: offset,
    portOffset,
    freePorts: options.freePorts,
    // Tests on free ports must not overwrite the files of a local portal's sandbox.
    writeFiles: !options.freePorts,
  });
  const prometheus =
    options.prometheus === false
      ? undefined
      : await RealPrometheus.start({
          history: demoMetricsHistory(prod, staging, now),
          host: options.host,
          port: port(SANDBOX_PROMETHEUS.port),
        });

  return {
    argocd,
    kubernetes,
    prometheus,
    gitopsRepositories,
    historyStartsAt: oldestDeploy([prod, staging]),
    async stop() {
      await Promise.all([
        ...Object.values(argocd).map(a => a.stop()),
        ...Object.values(kubernetes).map(k => k.server.stop()),
        prometheus?.stop(),
      ]);
    },
  };
}
