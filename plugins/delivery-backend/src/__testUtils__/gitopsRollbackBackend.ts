import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  cloneFixtures,
  FakeArgoCd,
  loadArgoCdFixtures,
  seedGitopsRepository,
} from '@go-delivery/sandbox';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertArgoCdApplication } from './argoCdFixtureVariants';
import { deliveryTestPlugin } from './deliveryTestPlugin';
import { catalogOf, testComponent } from './routeTestServices';

export const GITOPS_URL = 'https://github.com/example-org/payments-api-gitops';
export const OVERLAY_FILE = 'overlays/prod/kustomization.yaml';
const IMAGE = 'ghcr.io/example-org/payments-api';
/** payments-api's prod deploys, history ids 0–5. */
const DEPLOYS = ['1.6.0', '1.6.1', '1.6.2', '1.7.0', '1.7.1', '1.7.2'];

/**
 * payments-api rolled back through GitOps in a running backend: a seeded local repository with
 * one commit per deploy, an Argo CD (fake) whose history names those commits, and the backend
 * configured to commit to that repository. `app` may change the application first (it is then
 * checked against Argo CD's swagger).
 */
export async function startGitopsRollbackBackend(options?: {
  app?: (app: any) => any;
  /** Other Applications deploying the same overlay (the prod of another cluster). */
  twins?: string[];
}) {
  const tmp = mkdtempSync(join(tmpdir(), 'delivery-rollback-'));
  const repo = join(tmp, 'payments-api-gitops');
  const commits = seedGitopsRepository({
    path: repo,
    overlay: 'overlays/prod',
    image: IMAGE,
    namespace: 'payments',
    deploys: DEPLOYS.map(tag => ({ tag })),
  });
  const fixtures = cloneFixtures(loadArgoCdFixtures().prod);
  let app = fixtures.applications['payments-api-prod'];
  app.status.history.forEach((h: any, i: number) => {
    h.revision = commits[i];
  });
  app.status.sync.revision = commits[commits.length - 1];
  app = options?.app?.(app) ?? app;
  assertArgoCdApplication(app);
  fixtures.applications['payments-api-prod'] = app;
  for (const twin of options?.twins ?? []) {
    const copy = structuredClone(app);
    copy.metadata.name = twin;
    copy.metadata.uid = `${copy.metadata.uid.slice(0, -twin.length)}${twin}`;
    fixtures.applications[twin] = copy;
    fixtures.trees[twin] = fixtures.trees['payments-api-prod'];
  }
  const argocd = await FakeArgoCd.start({
    name: 'prod',
    fixtures,
    tokens: ['prod-token'],
    operationDurationMs: 0,
  });
  const { server } = await startTestBackend({
    features: [
      deliveryTestPlugin(),
      catalogOf([
        testComponent('payments-api', {
          'argocd/app-selector': 'app.kubernetes.io/part-of=payments-api',
        }),
      ]).factory,
      mockServices.rootConfig.factory({
        data: {
          delivery: {
            cache: { ttlSeconds: 0 },
            argocd: {
              timeoutMs: 2000,
              instances: [
                { name: 'prod', url: argocd.url, token: 'prod-token' },
              ],
            },
            rollback: {
              gitops: {
                local: { repositories: [{ url: GITOPS_URL, path: repo }] },
              },
            },
          },
        },
      }),
    ],
  });
  return {
    server,
    tmp,
    repo,
    commits,
    argocd,
    async stop() {
      await argocd.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
