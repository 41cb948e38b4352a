import { EntityVariant } from '../backends/entities';
import { buildBenchFixtures, HISTORY_LENGTH } from '../fixtures';
import { BenchUpstream } from '../upstream';
import { CollectorRun, measureCollector } from './measureCollector';
import { measureTeamPage, TeamPageResult } from './measureTeamPage';

export interface DoraPlan {
  /** Components the team owns. */
  services: number;
  /** Days of history each reports. */
  historyDays: number;
  /** Timed requests per route and period (after one warm-up). */
  repeats: number;
  /** Entities in the collector's catalog. */
  collectorEntities: number;
  /** `delivery.dora.collectIntervalMinutes` of the collector runs. */
  intervalMinutes: number;
  latencyMs: number;
  cacheTtlSeconds: number;
  workDir: string;
  log: (line: string) => void;
}

export interface DoraBenchResult {
  plan: Omit<DoraPlan, 'workDir' | 'log'>;
  teamPage: TeamPageResult;
  collector: CollectorRun[];
}

/** The collector runs: entities that name their instance (as the template writes them), and not. */
const COLLECTOR_VARIANTS: EntityVariant[] = ['name+instance', 'name'];

/** Collector passes observed at most per run. */
const MAX_PASSES = 14;

/**
 * The DORA part: the team page of a large group answered from the store, and the collector's
 * upstream cost per pass, against the same three fake Argo CD instances as the rest.
 */
export async function measureDora(plan: DoraPlan): Promise<DoraBenchResult> {
  const fixtures = buildBenchFixtures(
    Math.max(plan.services, plan.collectorEntities),
  );
  const upstream = await BenchUpstream.start({
    fixtures,
    latencyMs: plan.latencyMs,
  });
  try {
    const teamPage = await measureTeamPage({
      apps: fixtures.apps.slice(0, plan.services),
      upstream,
      historyDays: plan.historyDays,
      repeats: plan.repeats,
      cacheTtlSeconds: plan.cacheTtlSeconds,
      workDir: plan.workDir,
      log: plan.log,
    });
    const collector: CollectorRun[] = [];
    for (const variant of COLLECTOR_VARIANTS) {
      collector.push(
        await measureCollector({
          apps: fixtures.apps.slice(0, plan.collectorEntities),
          variant,
          historyPerApp: HISTORY_LENGTH,
          upstream,
          intervalMinutes: plan.intervalMinutes,
          maxPasses: MAX_PASSES,
          cacheTtlSeconds: plan.cacheTtlSeconds,
          workDir: plan.workDir,
          log: plan.log,
        }),
      );
    }
    const { workDir: _workDir, log: _log, ...rest } = plan;
    return { plan: rest, teamPage, collector };
  } finally {
    await upstream.stop();
  }
}
