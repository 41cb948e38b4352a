import { AuthMode, CLIENT_TOKEN } from './backends/backendConfig';
import { BackendProcess } from './backends/BackendProcess';
import { BenchEntity, benchEntity } from './backends/entities';
import { cpuCheckMs } from './cpuCheck';
import { LoadCpuMeter, LoadCpuUse } from './cpuUsage';
import { BenchApp } from './fixtures';
import { LoadResult } from './loadResult';
import { pacedLoad } from './pacedLoad';
import { median } from './stats';
import { BenchUpstream, UpstreamCounts } from './upstream';
import { deliveryView } from './views';

/** One load run against one backend, or against its replicas behind a round-robin client. */
export interface LoadRequest {
  /** One base URL per replica (just one for a single backend); each tool says how it spreads requests. */
  baseUrls: string[];
  /** Requests go to these paths in turn, across all connections. */
  paths: string[];
  headers: Record<string, string>;
  /** In all, over the replicas. */
  connections: number;
  durationSeconds: number;
}

/** Drives a closed-loop load (the benchmark's entry point plugs in autocannon). */
export type LoadTool = (request: LoadRequest) => Promise<LoadResult>;

/** One kind of load run, repeated; `result` holds the median of each figure over the repeats. */
export interface LoadScenarioResult {
  id: 'warm' | 'cold';
  definition: string;
  mode: AuthMode;
  ratePerSecond?: number;
  /** Backend processes the runs spread over. */
  replicas: number;
  connections: number;
  entities: number;
  runs: LoadResult[];
  result: LoadResult;
  /** Upstream requests during the measured runs, per view answered. */
  upstreamPerView: UpstreamCounts;
  /** {@link cpuCheckMs} right before each run. */
  cpuCheckMs: number[];
  /** Where the measured runs' CPU went (NaN where /proc is missing). */
  cpuUse: LoadCpuUse;
}

export interface LoadPlan {
  connections: number;
  durationSeconds: number;
  repeats: number;
  /** Entities the warm runs cycle through (all cached before they start). */
  warmEntities: number;
  /** Offered load of the fixed-rate warm runs. */
  warmRatePerSecond: number;
  workDir: string;
  log: (line: string) => void;
}

const WARMUP_SECONDS = 2;

/** A cache TTL long enough that no entry expires while `kinds` kinds of runs go on. */
export function warmTtlSeconds(plan: LoadPlan, kinds: number): number {
  return (
    kinds * plan.repeats * (plan.durationSeconds + 2) + WARMUP_SECONDS + 30
  );
}

/** The route the load runs measure: an entity's deployments, as our Argo CD card asks it. */
export function deploymentsPath(entity: BenchEntity): string {
  return `/api/delivery/entities/component/default/${encodeURIComponent(
    entity.name,
  )}/deployments`;
}

function medianResult(runs: LoadResult[]): LoadResult {
  const m = (pick: (r: LoadResult) => number) => median(runs.map(pick));
  return {
    views: m(r => r.views),
    seconds: m(r => r.seconds),
    viewsPerSecond: m(r => r.viewsPerSecond),
    latencyMs: {
      p50: m(r => r.latencyMs.p50),
      p95: m(r => r.latencyMs.p95),
      p99: m(r => r.latencyMs.p99),
      max: m(r => r.latencyMs.max),
    },
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

export interface RunKind {
  id: 'warm' | 'cold';
  definition: string;
  ratePerSecond?: number;
  /** Loads the first this many of the backends (default: all of them). */
  replicas?: number;
}

/**
 * Warms the backends up, then runs each kind of load `repeats` times, interleaved, and counts the
 * upstream requests of every measured run.
 */
export async function runLoadKinds(options: {
  plan: LoadPlan;
  upstream: BenchUpstream;
  tool: LoadTool;
  mode: AuthMode;
  /** Names the runs in the log. */
  label: string;
  backends: BackendProcess[];
  entities: BenchEntity[];
  kinds: RunKind[];
}): Promise<LoadScenarioResult[]> {
  const { plan, upstream, tool, mode, label, backends, entities } = options;
  const baseUrls = backends.map(b => b.baseUrl);
  const request: LoadRequest = {
    baseUrls,
    paths: entities.map(deploymentsPath),
    headers: { authorization: `Bearer ${CLIENT_TOKEN}` },
    connections: plan.connections,
    durationSeconds: plan.durationSeconds,
  };
  plan.log(`${label}: warm-up`);
  await tool({ ...request, durationSeconds: WARMUP_SECONDS });
  // Every entity once more on every backend: its location is now remembered and, with a TTL,
  // its data cached.
  for (const baseUrl of baseUrls) {
    const view = deliveryView(baseUrl);
    await Promise.all(entities.map(entity => view(entity)));
  }
  // Let the warm-up's last upstream reads finish before counting.
  await new Promise(r => setTimeout(r, 1000));

  const collected = options.kinds.map(() => ({
    runs: [] as LoadResult[],
    cpu: [] as number[],
    upstream: { logins: 0, appReads: 0, other: 0 },
    cpuMeter: new LoadCpuMeter(),
  }));
  for (let repeat = 1; repeat <= plan.repeats; repeat++) {
    for (const [index, run] of options.kinds.entries()) {
      const rate = run.ratePerSecond;
      const replicas = run.replicas ?? baseUrls.length;
      plan.log(
        `${label}: ${run.id}, ${replicas} backend${replicas > 1 ? 's' : ''}, ${
          rate ? `${rate}/s` : 'closed loop'
        }, ${repeat}/${plan.repeats}`,
      );
      const runRequest = { ...request, baseUrls: baseUrls.slice(0, replicas) };
      const into = collected[index];
      into.cpu.push(cpuCheckMs());
      upstream.clear();
      into.runs.push(
        await into.cpuMeter.measure(
          backends.slice(0, replicas).map(b => b.pid),
          () =>
            rate
              ? pacedLoad({ ...runRequest, ratePerSecond: rate })
              : tool(runRequest),
        ),
      );
      const counts = upstream.count();
      into.upstream.logins += counts.logins;
      into.upstream.appReads += counts.appReads;
      into.upstream.other += counts.other;
    }
  }
  return options.kinds.map((run, index) => {
    const { runs, cpu, upstream: counts, cpuMeter } = collected[index];
    const views = runs.reduce((sum, r) => sum + r.views, 0);
    const per = (n: number) => (views > 0 ? n / views : NaN);
    return {
      id: run.id,
      definition: run.definition,
      mode,
      ratePerSecond: run.ratePerSecond,
      replicas: run.replicas ?? baseUrls.length,
      connections: plan.connections,
      entities: entities.length,
      runs,
      result: medianResult(runs),
      upstreamPerView: {
        logins: per(counts.logins),
        appReads: per(counts.appReads),
        other: per(counts.other),
      },
      cpuCheckMs: cpu,
      cpuUse: cpuMeter.use(views),
    };
  });
}

/** Starts one backend of ours (in-memory stores) and runs the kinds of load against it. */
async function loadOneBackend(options: {
  plan: LoadPlan;
  upstream: BenchUpstream;
  tool: LoadTool;
  mode: AuthMode;
  ttlSeconds: number;
  apps: BenchApp[];
  kinds: RunKind[];
}): Promise<LoadScenarioResult[]> {
  const { plan, upstream, mode, ttlSeconds } = options;
  const entities = options.apps.map(app => benchEntity(app, 'name'));
  const backend = await BackendProcess.start({
    label: `load-${mode}-ttl${ttlSeconds}`,
    workDir: plan.workDir,
    config: {
      kind: 'delivery',
      mode,
      instances: upstream.instances,
      cacheTtlSeconds: ttlSeconds,
    },
    entities,
  });
  try {
    return await runLoadKinds({
      ...options,
      label: `load (${mode}, TTL ${ttlSeconds} s)`,
      backends: [backend],
      entities,
    });
  } finally {
    await backend.stop();
  }
}

/**
 * Load runs of our deployments route, entities named by app name only, each kind repeated and
 * reported as the median run:
 * - warm: the entities are cached before the runs, with a TTL longer than all runs together,
 *   then loaded closed loop (as many views as the backend answers) and at a fixed offered rate;
 * - cold: `delivery.cache.ttlSeconds: 0` and every app of the fixtures in turn, so concurrent
 *   requests rarely coalesce and nearly every view reads Argo CD; with tokens and with sessions.
 *   Where each app lives is still remembered (that has its own, longer TTL), and every
 *   entity is viewed once before the runs, so a measured view reads only the instance that
 *   holds its app.
 */
export async function measureLoad(options: {
  plan: LoadPlan;
  apps: BenchApp[];
  upstream: BenchUpstream;
  tool: LoadTool;
}): Promise<LoadScenarioResult[]> {
  const { plan, apps } = options;
  const warmApps = apps.slice(0, plan.warmEntities);
  const warmTtl = warmTtlSeconds(plan, 2);
  const warmKinds: RunKind[] = [
    {
      id: 'warm',
      definition: `${warmApps.length} entities, all cached (TTL ${warmTtl} s), closed loop`,
    },
    {
      id: 'warm',
      definition: `${warmApps.length} entities, all cached (TTL ${warmTtl} s), ${plan.warmRatePerSecond} views/s offered`,
      ratePerSecond: plan.warmRatePerSecond,
    },
  ];
  const coldKinds: RunKind[] = [
    {
      id: 'cold',
      definition: `data cache off (ttlSeconds 0), locations remembered, ${apps.length} entities in turn, closed loop`,
    },
  ];
  const results = await loadOneBackend({
    ...options,
    mode: 'token',
    ttlSeconds: warmTtl,
    apps: warmApps,
    kinds: warmKinds,
  });
  for (const mode of ['token', 'password'] as const) {
    results.push(
      ...(await loadOneBackend({
        ...options,
        mode,
        ttlSeconds: 0,
        apps,
        kinds: coldKinds,
      })),
    );
  }
  return results;
}
