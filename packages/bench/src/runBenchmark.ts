import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuCheckMs } from './cpuCheck';
import { measureDora } from './dora/measureDora';
import { buildBenchFixtures } from './fixtures';
import { LoadTool, measureLoad } from './measureLoad';
import { measureViews, viewAppCount } from './measureViews';
import { measureMetricsViews } from './metrics/measureMetricsViews';
import { BenchOptions } from './options';
import { measureReplicas } from './replicas/measureReplicas';
import { Machine, renderReport } from './report';
import { BenchUpstream } from './upstream';

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find(l => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // Not Linux.
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

function machine(): Machine {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: availableParallelism(),
    cpuModel: cpuModel(),
    node: process.version,
    loadAverage: loadavg()
      .map(l => l.toFixed(2))
      .join(' / '),
    cpuCheckMs: cpuCheckMs(),
  };
}

/**
 * The Argo CD part: three fake instances, the view rounds against every backend, the load runs,
 * the replica runs.
 */
async function measureArgoCd(options: {
  bench: BenchOptions;
  loadTool: LoadTool;
  workDir: string;
  log: (line: string) => void;
}) {
  const { bench, loadTool, workDir, log } = options;
  const fixtures = buildBenchFixtures(
    Math.max(viewAppCount(bench), bench.loadEntities, bench.warmLoadEntities),
  );
  const upstream = await BenchUpstream.start({
    fixtures,
    latencyMs: bench.latencyMs,
  });
  const loadPlan = {
    connections: bench.connections,
    durationSeconds: bench.durationSeconds,
    repeats: bench.loadRepeats,
    warmEntities: bench.warmLoadEntities,
    warmRatePerSecond: bench.warmRatePerSecond,
    workDir,
    log,
  };
  const loadApps = fixtures.apps.slice(0, bench.loadEntities);
  try {
    const views = bench.skipViews
      ? []
      : await measureViews({
          plan: {
            modes: bench.modes,
            rounds: bench.rounds,
            entities: bench.entities,
            warmRepeats: bench.warmRepeats,
            cacheTtlSeconds: bench.cacheTtlSeconds,
            workDir,
            log,
          },
          apps: fixtures.apps,
          upstream,
        });
    const load = bench.skipLoad
      ? []
      : await measureLoad({
          plan: loadPlan,
          apps: loadApps,
          upstream,
          tool: loadTool,
        });
    const replicas =
      bench.replicas > 0
        ? await measureReplicas({
            plan: {
              load: loadPlan,
              replicas: bench.replicas,
              coldRatePerSecond: bench.coldRatePerSecond,
              postgres: bench.postgres,
              redis: bench.redis,
            },
            apps: loadApps,
            upstream,
            tool: loadTool,
          })
        : undefined;
    return { views, load, replicas };
  } finally {
    await upstream.stop();
  }
}

/**
 * The whole benchmark in one run: fixtures, three fake Argo CD instances, the view rounds against
 * every compared backend, the load runs against ours (and, asked for, one replica against several
 * on PostgreSQL and Redis), the golden-signals views against a real Prometheus, (asked for) the
 * DORA team page and collector, and the markdown report.
 */
export async function runBenchmark(options: {
  bench: BenchOptions;
  loadTool: LoadTool;
  command: string;
  log: (line: string) => void;
}): Promise<string> {
  const { bench, log } = options;
  const startedOn = machine();
  const workDir = mkdtempSync(join(tmpdir(), 'go-delivery-bench-'));
  log(`Backend configs and logs: ${workDir}`);
  const { views, load, replicas } =
    bench.skipViews && bench.skipLoad && bench.replicas === 0
      ? { views: [], load: [], replicas: undefined }
      : await measureArgoCd({ ...options, workDir });
  const metrics = bench.skipMetrics
    ? undefined
    : await measureMetricsViews({
        repeats: bench.metricsRepeats,
        baselineDir: bench.metricsBaseline,
        workDir,
        log,
      });
  const dora = bench.dora
    ? await measureDora({
        services: bench.doraServices,
        historyDays: 90,
        repeats: bench.doraRepeats,
        collectorEntities: bench.doraEntities,
        intervalMinutes: 0.25,
        latencyMs: bench.latencyMs,
        cacheTtlSeconds: bench.cacheTtlSeconds,
        workDir,
        log,
      })
    : undefined;
  return renderReport({
    machine: startedOn,
    latencyMs: bench.latencyMs,
    cacheTtlSeconds: bench.cacheTtlSeconds,
    rounds: bench.rounds,
    entities: bench.entities,
    warmRepeats: bench.warmRepeats,
    command: options.command,
    views,
    load,
    replicas,
    metrics,
    dora,
  });
}
