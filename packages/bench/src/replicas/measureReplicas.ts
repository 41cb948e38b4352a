import { SharedStoresConfig } from '../backends/backendConfig';
import { BackendProcess } from '../backends/BackendProcess';
import { benchEntity } from '../backends/entities';
import { BenchApp } from '../fixtures';
import {
  LoadPlan,
  LoadScenarioResult,
  LoadTool,
  RunKind,
  runLoadKinds,
  warmTtlSeconds,
} from '../measureLoad';
import { BenchUpstream } from '../upstream';
import { SharedStores, startSharedStores } from './sharedStores';

export interface ReplicaPlan {
  load: LoadPlan;
  /** How many replicas are compared with one. */
  replicas: number;
  /** Offered load of the fixed-rate runs with the data cache off (warm: `load.warmRatePerSecond`). */
  coldRatePerSecond: number;
  /** Connection strings of servers to use instead of throwaway ones. */
  postgres?: string;
  redis?: string;
}

export interface ReplicaLoadResult {
  replicas: number;
  /** The PostgreSQL and Redis servers, as {@link SharedStores} describes them. */
  stores: string[];
  scenarios: LoadScenarioResult[];
}

/** One data-cache setting: which entities, which TTL, which offered rate. */
interface CacheSetting {
  id: 'warm' | 'cold';
  apps: BenchApp[];
  ttlSeconds: number;
  ratePerSecond: number;
  definition: string;
}

function replicaWord(n: number): string {
  return n === 1 ? '1 replica' : `${n} replicas, round robin`;
}

/**
 * Starts the replicas one after the other, as a rolling deployment does (the first creates the
 * schemas; concurrent first starts race on Backstage's own migrations), all on the same
 * PostgreSQL and Redis, then runs one replica and all of them in turn, closed loop and paced.
 * The one-replica runs load the first replica while the others idle.
 */
async function loadReplicaSet(options: {
  plan: ReplicaPlan;
  setting: CacheSetting;
  stores: SharedStoresConfig;
  upstream: BenchUpstream;
  tool: LoadTool;
}): Promise<LoadScenarioResult[]> {
  const { plan, setting, upstream } = options;
  const entities = setting.apps.map(app => benchEntity(app, 'name'));
  const counts = [1, plan.replicas];
  const kinds: RunKind[] = [
    ...counts.map(replicas => ({
      id: setting.id,
      definition: `${replicaWord(replicas)}; ${
        setting.definition
      }, closed loop`,
      replicas,
    })),
    ...counts.map(replicas => ({
      id: setting.id,
      definition: `${replicaWord(replicas)}; ${setting.definition}, ${
        setting.ratePerSecond
      } views/s offered`,
      ratePerSecond: setting.ratePerSecond,
      replicas,
    })),
  ];
  const backends: BackendProcess[] = [];
  try {
    for (let i = 1; i <= plan.replicas; i++) {
      plan.load.log(`replicas (${setting.id}): starting replica ${i}`);
      backends.push(
        await BackendProcess.start({
          label: `replica-${setting.id}-${i}`,
          workDir: plan.load.workDir,
          config: {
            kind: 'delivery',
            mode: 'token',
            instances: upstream.instances,
            cacheTtlSeconds: setting.ttlSeconds,
            stores: options.stores,
          },
          entities,
        }),
      );
    }
    return await runLoadKinds({
      plan: plan.load,
      upstream,
      tool: options.tool,
      mode: 'token',
      label: `replicas (${setting.id}, TTL ${setting.ttlSeconds} s)`,
      backends,
      entities,
      kinds,
    });
  } finally {
    await Promise.all(backends.map(b => b.stop()));
  }
}

/**
 * Our deployments route served by one replica and by several behind a round-robin client, all on
 * one PostgreSQL and one Redis (`backend.cache.store: redis`), as production runs them; with the
 * data cache warm and off. Each setting gets its own databases and cache namespace.
 */
export async function measureReplicas(options: {
  plan: ReplicaPlan;
  /** The cold runs' entities; the warm runs take the first `plan.load.warmEntities`. */
  apps: BenchApp[];
  upstream: BenchUpstream;
  tool: LoadTool;
}): Promise<ReplicaLoadResult> {
  const { plan, apps } = options;
  const stores: SharedStores = await startSharedStores({
    postgres: plan.postgres,
    redis: plan.redis,
    workDir: plan.load.workDir,
    log: plan.load.log,
  });
  const warmApps = apps.slice(0, plan.load.warmEntities);
  const warmTtl = warmTtlSeconds(plan.load, 4);
  const settings: CacheSetting[] = [
    {
      id: 'warm',
      apps: warmApps,
      ttlSeconds: warmTtl,
      ratePerSecond: plan.load.warmRatePerSecond,
      definition: `${warmApps.length} entities, all cached (TTL ${warmTtl} s)`,
    },
    {
      id: 'cold',
      apps,
      ttlSeconds: 0,
      ratePerSecond: plan.coldRatePerSecond,
      definition: `data cache off (ttlSeconds 0), locations remembered, ${apps.length} entities in turn`,
    },
  ];
  // Lower case and short: it becomes part of PostgreSQL database names.
  const run = `bench_${Date.now().toString(36)}`;
  try {
    const scenarios: LoadScenarioResult[] = [];
    for (const setting of settings) {
      scenarios.push(
        ...(await loadReplicaSet({
          ...options,
          setting,
          stores: {
            postgres: stores.postgres,
            redis: stores.redis,
            namespace: `${run}_${setting.id}`,
          },
        })),
      );
    }
    return {
      replicas: plan.replicas,
      stores: stores.described,
      scenarios,
    };
  } finally {
    await stores.stop();
  }
}
