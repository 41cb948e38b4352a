import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ArgoCdInstanceFixtures } from '../argocd/fixtures';
import { LocalGitopsRepository } from './LocalGitopsReader';
import { SeedOverlayDeploy, seedGitopsOverlays } from './seedGitopsRepository';

export const PAYMENTS_GITOPS_URL =
  'https://github.com/example-org/payments-api-gitops';
const PAYMENTS_IMAGE = 'ghcr.io/example-org/payments-api';

/**
 * The image digests CI pinned with some deploys (`digest:` beside `newTag:`), by environment and
 * release; the promotion gates find the pipeline run behind an image by its digest. 1.8.0 is the
 * image the succeeded run payments-api-ci-7xk2p of the CI fixtures pushed (its IMAGE_DIGEST
 * result), the same build in dev and staging. The run that pushed 1.9.0 is not among the CI
 * cluster's runs. Prod's deploys pin no digest.
 */
export const PAYMENTS_DIGESTS: Readonly<
  Record<string, Readonly<Record<string, string>>>
> = {
  dev: {
    '1.8.0':
      'sha256:e9d1a8da5ffab45b5072248a2a292d19fb04d229789bf8b0013742aa6891ef0d',
    '1.9.0':
      'sha256:d6f9bc2397c07ed380611ad1e02556b6f032f78ba5194e8263fdb4d078eb4deb',
  },
  staging: {
    '1.8.0':
      'sha256:e9d1a8da5ffab45b5072248a2a292d19fb04d229789bf8b0013742aa6891ef0d',
  },
};

/**
 * payments-api's environments: where Argo CD runs each and the image tag each of its deploys
 * pinned, oldest first (one per entry of the application's history). dev runs ahead of staging,
 * which runs ahead of prod.
 */
export const PAYMENTS_ENVIRONMENTS = [
  {
    environment: 'dev',
    instance: 'staging',
    application: 'payments-api-dev',
    namespace: 'payments-dev',
    releases: ['1.7.2', '1.8.0-rc.1', '1.8.0', '1.9.0'],
  },
  {
    environment: 'staging',
    instance: 'staging',
    application: 'payments-api-staging',
    namespace: 'payments-staging',
    releases: [
      '1.6.0',
      '1.6.1',
      '1.6.2',
      '1.7.0',
      '1.7.1',
      '1.7.2',
      '1.8.0-rc.1',
      '1.8.0',
    ],
  },
  {
    environment: 'prod',
    instance: 'prod',
    application: 'payments-api-prod',
    namespace: 'payments',
    releases: ['1.6.0', '1.6.1', '1.6.2', '1.7.0', '1.7.1', '1.7.2'],
  },
] as const;

/**
 * Creates payments-api's GitOps repository as CI would have left it — one commit per deploy of
 * each environment, made when Argo CD deployed it, in time order across environments, each
 * changing only that environment's overlay — and points each application's history, sync and
 * last operation at the commits of its own overlay, so Argo CD and the repository agree (a GitOps
 * rollback or promotion in the portal then makes a real commit there).
 */
export function seedPaymentsGitops(
  instances: Record<string, ArgoCdInstanceFixtures>,
  gitDir: string,
): LocalGitopsRepository {
  const path = join(gitDir, 'payments-api-gitops');
  rmSync(path, { recursive: true, force: true });
  const deploys = PAYMENTS_ENVIRONMENTS.flatMap(env => {
    const app = instances[env.instance].applications[env.application];
    const history: Array<{ deployedAt: string }> = app.status.history;
    if (history.length !== env.releases.length) {
      throw new Error(
        `${env.application} has ${history.length} deploys, ${env.releases.length} releases`,
      );
    }
    const overlay = {
      path: `overlays/${env.environment}`,
      environment: env.environment,
      namespace: env.namespace,
    };
    return history.map((entry, i) => {
      const tag = env.releases[i];
      const digest = PAYMENTS_DIGESTS[env.environment]?.[tag];
      return {
        app,
        index: i,
        deploy: {
          tag,
          ...(digest ? { digest } : {}),
          at: entry.deployedAt,
          overlay,
        },
      };
    });
  });
  // Stable: deploys at the same second keep the order dev, staging, prod.
  deploys.sort((a, b) => Date.parse(a.deploy.at) - Date.parse(b.deploy.at));
  const commits = seedGitopsOverlays({
    path,
    image: PAYMENTS_IMAGE,
    deploys: deploys.map(d => d.deploy as SeedOverlayDeploy),
  });
  deploys.forEach(({ app, index }, i) => {
    app.status.history[index].revision = commits[i];
  });
  for (const env of PAYMENTS_ENVIRONMENTS) {
    const { status } = instances[env.instance].applications[env.application];
    const head = status.history[status.history.length - 1].revision;
    status.sync.revision = head;
    status.operationState.operation.sync.revision = head;
    status.operationState.syncResult.revision = head;
  }
  return { url: PAYMENTS_GITOPS_URL, path };
}
