import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  cloneFixtures,
  FakeArgoCd,
  latestTimestamp,
  loadArgoCdFixtures,
  shiftTimestamps,
} from '@go-delivery/sandbox';
import { seedPaymentsGitops } from '@go-delivery/sandbox/src/gitops/seedPaymentsGitops';
import { RealPrometheus } from '@go-delivery/sandbox/src/prometheus';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliveryTestPlugin } from '../../../__testUtils__/deliveryTestPlugin';
import {
  catalogOf,
  recordingAuditor,
  testComponent,
} from '../../../__testUtils__/routeTestServices';
import {
  errorBudgetHistory,
  NOW,
  SLO_ANNOTATIONS,
} from '../../slo/__testUtils__/errorBudgetScenario';

/** May promote and override. */
export const RELEASE_MANAGER = 'user:default/rita';
/** May promote, not override. */
export const OWNER = 'user:default/alice';
/** May do nothing with payments-api. */
export const OUTSIDER = 'user:default/bob';

const MINUTE = 60_000;

/** What each caller may do: the override is a permission of its own. */
function promotionPermissions() {
  return mockServices.permissions.mock({
    authorize: async (requests, options) => {
      const user = (options.credentials.principal as any)?.userEntityRef;
      return requests.map(r => {
        const name = (r as any).permission.name as string;
        const allowed =
          user === RELEASE_MANAGER ||
          (user === OWNER && name !== 'delivery.promote.override');
        return {
          result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      });
    },
  });
}

/**
 * payments-api's three environments in a running backend, as the sandbox has them (the Argo CD
 * fixtures, the GitOps repository they deploy from, the projects with their sync windows), with
 * the error-budget scenario's history in a real Prometheus: dev's newest deploy an hour ago raised
 * its errors to 10 %, staging is healthy and deployed hours ago, prod has spent its budget.
 * `project` may change the `payments` AppProject of the prod instance first; `features` are added
 * to the backend (e.g. the actions registry).
 */
export async function startPromotionBackend(options: {
  prometheus: RealPrometheus;
  project?: (project: any) => any;
  config?: Record<string, unknown>;
  features?: BackendFeature[];
}) {
  const tmp = mkdtempSync(join(tmpdir(), 'delivery-promotion-'));
  const loaded = loadArgoCdFixtures();
  // The newest deploy (dev's) at the scenario's burn: an hour before "now".
  const offset = NOW - 60 * MINUTE - latestTimestamp(loaded);
  const instances = {
    prod: shiftTimestamps(cloneFixtures(loaded.prod), offset),
    staging: shiftTimestamps(cloneFixtures(loaded.staging), offset),
  };
  const repository = seedPaymentsGitops(instances, tmp);
  if (options.project) {
    instances.prod.projects = {
      ...instances.prod.projects,
      payments: options.project(instances.prod.projects?.payments),
    };
  }
  const argocd = {
    prod: await FakeArgoCd.start({
      name: 'prod',
      fixtures: instances.prod,
      tokens: ['prod-token'],
      gitopsRepositories: [repository],
      operationDurationMs: 0,
    }),
    staging: await FakeArgoCd.start({
      name: 'staging',
      fixtures: instances.staging,
      tokens: ['staging-token'],
      gitopsRepositories: [repository],
      operationDurationMs: 0,
    }),
  };
  const { auditor, audit } = recordingAuditor();
  const { server } = await startTestBackend({
    features: [
      deliveryTestPlugin({ now: () => NOW }),
      ...(options.features ?? []),
      catalogOf([
        testComponent('payments-api', {
          'argocd/app-selector': 'app.kubernetes.io/part-of=payments-api',
          'go-delivery.dev/metrics-service': 'payments-api',
          ...SLO_ANNOTATIONS,
        }),
      ]).factory,
      promotionPermissions().factory,
      auditor.factory,
      mockServices.rootConfig.factory({
        data: {
          delivery: {
            cache: { ttlSeconds: 0 },
            dora: { enabled: false },
            argocd: {
              timeoutMs: 5000,
              instances: [
                {
                  name: 'staging',
                  url: argocd.staging.url,
                  token: 'staging-token',
                },
                { name: 'prod', url: argocd.prod.url, token: 'prod-token' },
              ],
            },
            prometheus: {
              scrapeIntervalSeconds: 60,
              instances: [{ name: 'default', url: options.prometheus.url }],
            },
            rollback: {
              gitops: {
                local: {
                  repositories: [
                    { url: repository.url, path: repository.path },
                  ],
                },
              },
            },
            promotion: {
              soakMinutes: 60,
              environments: { staging: { soakMinutes: 180 } },
            },
            ...options.config,
          },
        },
      }),
    ],
  });
  return {
    server,
    audit,
    argocd,
    repository,
    async stop() {
      await Promise.all(Object.values(argocd).map(a => a.stop()));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export { errorBudgetHistory, NOW };
