import { GO_SERVICE_METRICS } from '@go-delivery/plugin-delivery-common';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { FakeArgoCd } from './argocd/FakeArgoCd';
import { ArgoCdInstanceFixtures, loadArgoCdFixtures } from './argocd/fixtures';
import {
  FakeKubernetes,
  loadKubernetesFixtures,
  startSandboxKubernetes,
} from './kubernetes';
import { seedGitopsRepository } from './gitops/seedGitopsRepository';
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
  kubernetes: Record<string, FakeKubernetes>;
  prometheus?: RealPrometheus;
  /** The GitOps repositories it created, as `delivery.rollback.gitops.local.repositories` names them. */
  gitopsRepositories: Array<{ url: string; path: string }>;
  /** Milliseconds: the oldest deploy its Argo CD instances keep (seeded history ends there). */
  historyStartsAt: number;
  stop(): Promise<void>;
}

const HOUR = 3600_000;

/** The image tag each of payments-api's prod deploys pinned, oldest first (see the prod cluster). */
const PAYMENTS_RELEASES = [
  '1.6.0',
  '1.6.1',
  '1.6.2',
  '1.7.0',
  '1.7.1',
  '1.7.2',
];

const PAYMENTS_GITOPS_URL =
  'https://github.com/example-org/payments-api-gitops';

/**
 * Creates payments-api's GitOps repository as CI would have left it (one commit per prod deploy,
 * made when Argo CD deployed it) and points the Argo CD history at those commits, so a GitOps
 * rollback in the portal makes a real commit there. Returns the repository's path.
 */
function seedPaymentsGitops(
  prod: ArgoCdInstanceFixtures,
  gitDir: string,
): string {
  const path = join(gitDir, 'payments-api-gitops');
  rmSync(path, { recursive: true, force: true });
  const app = prod.applications['payments-api-prod'];
  const history: Array<{ deployedAt?: string }> = app.status.history;
  const commits = seedGitopsRepository({
    path,
    overlay: 'overlays/prod',
    image: 'ghcr.io/example-org/payments-api',
    namespace: 'payments',
    deploys: PAYMENTS_RELEASES.map((tag, i) => ({
      tag,
      at: history[i]?.deployedAt,
    })),
  });
  app.status.history.forEach((entry: { revision: string }, i: number) => {
    entry.revision = commits[i];
  });
  const head = commits[commits.length - 1];
  app.status.sync.revision = head;
  app.status.operationState.operation.sync.revision = head;
  app.status.operationState.syncResult.revision = head;
  return path;
}

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

/** The prod deploys of an application in the (shifted) fixtures, oldest first. */
function deploysOf(
  fixtures: ArgoCdInstanceFixtures,
  app: string,
): HistoryDeploy[] {
  const history: Array<{ revision: string; deployedAt: string }> =
    fixtures.applications[app]?.status?.history ?? [];
  return history.map(h => ({ at: h.deployedAt, revision: h.revision }));
}

/**
 * Metrics history matching the demo's Argo CD history: payments-api's newest prod deploy raised
 * errors and latency (a regression to roll back), orders-api has a canary running, inventory-api
 * is steady.
 */
function demoMetricsHistory(prod: ArgoCdInstanceFixtures, now: number) {
  const payments = deploysOf(prod, 'payments-api-prod');
  const orders = deploysOf(prod, 'orders-api-prod');
  const inventory = deploysOf(prod, 'inventory-api-prod');
  const earliest = Math.min(
    ...[...payments, ...orders, ...inventory].map(d =>
      Date.parse(String(d.at)),
    ),
  );
  const lastPayments = payments[payments.length - 1];
  return {
    metrics: GO_SERVICE_METRICS,
    from: earliest - 2 * HOUR,
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
 * Starts every sandbox upstream on its fixed port: two fake Argo CD instances, a fake Kubernetes
 * API server with Tekton runs, and a real Prometheus with history that matches the deploys. With
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
  const paymentsGitops = seedPaymentsGitops(
    prod,
    options.gitDir ?? SANDBOX_GIT_DIR,
  );

  const staging = shiftTimestamps(argocdFixtures.staging, offset);
  const argocd: Record<string, FakeArgoCd> = {
    prod: await FakeArgoCd.start({
      name: 'prod',
      fixtures: prod,
      users: { [SANDBOX_ARGOCD.prod.username]: SANDBOX_ARGOCD.prod.password },
      port: port(SANDBOX_ARGOCD.prod.port),
      host: options.host,
    }),
    staging: await FakeArgoCd.start({
      name: 'staging',
      fixtures: staging,
      tokens: [SANDBOX_ARGOCD.staging.token],
      port: port(SANDBOX_ARGOCD.staging.port),
      host: options.host,
    }),
  };
  const kubernetes = await startSandboxKubernetes({
    host: options.host,
    offsetMs: offset,
    portOffset,
    freePorts: options.freePorts,
  });
  const prometheus =
    options.prometheus === false
      ? undefined
      : await RealPrometheus.start({
          history: demoMetricsHistory(prod, now),
          host: options.host,
          port: port(SANDBOX_PROMETHEUS.port),
        });

  return {
    argocd,
    kubernetes,
    prometheus,
    gitopsRepositories: [{ url: PAYMENTS_GITOPS_URL, path: paymentsGitops }],
    historyStartsAt: oldestDeploy([prod, staging]),
    async stop() {
      await Promise.all([
        ...Object.values(argocd).map(a => a.stop()),
        ...Object.values(kubernetes).map(k => k.stop()),
        prometheus?.stop(),
      ]);
    },
  };
}
