import { createHash } from 'node:crypto';
import {
  ArgoCdInstanceFixtures,
  ArgoCdSchemaValidator,
  loadArgoCdFixtures,
} from '@go-delivery/sandbox';

/** The benchmark's Argo CD instances; every application lives on exactly one of them. */
export const BENCH_INSTANCES = ['prod-eu', 'prod-us', 'prod-ap'] as const;

/** How many deploys each application has in its history (Argo CD's default history limit). */
export const HISTORY_LENGTH = 10;

const TEMPLATE_APP = 'payments-api-prod';
const TEMPLATE_SERVICE = 'payments-api';
const FIRST_DEPLOY = Date.parse('2026-01-01T08:00:00Z');
const DEPLOY_INTERVAL_MS = 18 * 3600_000;
const DEPLOYERS = ['alice', 'bob', 'carol'];

export interface BenchApp {
  /** Argo CD application name, also the entity name. */
  name: string;
  /** The instance that holds it. */
  instance: string;
}

export interface BenchFixtures {
  apps: BenchApp[];
  byInstance: Record<string, ArgoCdInstanceFixtures>;
}

function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function revisionOf(app: string, index: number): string {
  return createHash('sha1').update(`${app}#${index}`).digest('hex');
}

/**
 * The sandbox's payments-api-prod, renamed, with one history entry per deploy time (oldest first)
 * and a history limit that keeps them all.
 */
export function applicationWithHistory(options: {
  template: any;
  name: string;
  deployedAt: number[];
}): any {
  const { name } = options;
  const app = JSON.parse(
    JSON.stringify(options.template)
      .replaceAll(TEMPLATE_APP, name)
      .replaceAll(TEMPLATE_SERVICE, name),
  );
  const source = app.spec.source;
  app.spec.revisionHistoryLimit = Math.max(10, options.deployedAt.length);
  const history = options.deployedAt.map((deployedAt, id) => ({
    id,
    revision: revisionOf(name, id),
    deployedAt: isoSeconds(deployedAt),
    deployStartedAt: isoSeconds(deployedAt - 20_000),
    source,
    initiatedBy: { username: DEPLOYERS[id % DEPLOYERS.length] },
  }));
  const last = history[history.length - 1];
  const lastDeployedAt = Date.parse(last.deployedAt);
  app.metadata.uid = createHash('md5')
    .update(name)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  app.status.history = history;
  app.status.sync.revision = last.revision;
  app.status.health.lastTransitionTime = isoSeconds(lastDeployedAt + 120_000);
  app.status.reconciledAt = isoSeconds(lastDeployedAt + 600_000);
  const operation = app.status.operationState;
  operation.operation.sync.revision = last.revision;
  operation.operation.initiatedBy = last.initiatedBy;
  operation.syncResult.revision = last.revision;
  operation.startedAt = last.deployStartedAt;
  operation.finishedAt = last.deployedAt;
  return app;
}

/** The sandbox's payments-api-prod, renamed, with a history of {@link HISTORY_LENGTH} deploys. */
function benchApplication(template: any, name: string): any {
  return applicationWithHistory({
    template,
    name,
    deployedAt: Array.from(
      { length: HISTORY_LENGTH },
      (_, id) => FIRST_DEPLOY + id * DEPLOY_INTERVAL_MS,
    ),
  });
}

/**
 * `count` applications spread round-robin over the three instances, built from the sandbox's
 * fixtures and checked against Argo CD's swagger (a fixture that drifts from the real API would
 * make the comparison meaningless).
 */
export function buildBenchFixtures(count: number): BenchFixtures {
  const sandbox = loadArgoCdFixtures().prod;
  const template = sandbox.applications[TEMPLATE_APP];
  const treeTemplate = JSON.stringify(sandbox.trees[TEMPLATE_APP]);
  const validator = new ArgoCdSchemaValidator();

  const byInstance: Record<string, ArgoCdInstanceFixtures> = {};
  for (const instance of BENCH_INSTANCES) {
    byInstance[instance] = { applications: {}, trees: {} };
  }
  const apps: BenchApp[] = [];
  for (let i = 0; i < count; i++) {
    const name = `svc-${String(i).padStart(3, '0')}`;
    const instance = BENCH_INSTANCES[i % BENCH_INSTANCES.length];
    const application = benchApplication(template, name);
    const tree = JSON.parse(
      treeTemplate
        .replaceAll(TEMPLATE_APP, name)
        .replaceAll(TEMPLATE_SERVICE, name),
    );
    const errors = [
      ...validator.validate('v1alpha1Application', application),
      ...validator.validate('v1alpha1ApplicationTree', tree),
    ];
    if (errors.length > 0) {
      throw new Error(
        `Benchmark fixture ${name} does not match Argo CD's swagger: ${errors.join(
          '; ',
        )}`,
      );
    }
    byInstance[instance].applications[name] = application;
    byInstance[instance].trees[name] = tree;
    apps.push({ name, instance });
  }
  return { apps, byInstance };
}
