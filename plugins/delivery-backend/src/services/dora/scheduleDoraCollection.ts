import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { CollectionSummary, DoraCollector } from './DoraCollector';

export const DORA_COLLECTION_TASK_ID = 'delivery-dora-collection';

/** Long enough for the catalog to answer after a start, short enough to fill a new store soon. */
const STARTUP_DELAY_SECONDS = 30;

/**
 * Registers the collector as a global task: with several replicas one of them runs a pass at a
 * time. The first pass comes shortly after startup, then one every `intervalMinutes`.
 */
export async function scheduleDoraCollection(options: {
  scheduler: SchedulerService;
  collector: DoraCollector;
  logger: LoggerService;
  intervalMinutes: number;
}): Promise<void> {
  const { scheduler, collector, logger, intervalMinutes } = options;
  await scheduler.scheduleTask({
    id: DORA_COLLECTION_TASK_ID,
    scope: 'global',
    frequency: { minutes: intervalMinutes },
    timeout: { minutes: Math.max(5, intervalMinutes) },
    initialDelay: { seconds: STARTUP_DELAY_SECONDS },
    fn: async () => {
      logSummary(logger, await collector.collect());
    },
  });
}

function logSummary(logger: LoggerService, summary: CollectionSummary): void {
  const failed = [...new Set(summary.failures.map(f => f.instance))];
  const deferred = summary.deferred
    ? `, ${summary.deferred} deploys deferred`
    : '';
  const unreachable = failed.length
    ? `; unreachable: ${failed.join(', ')}`
    : '';
  logger.info(
    `DORA collector: ${summary.entities} entities, ${summary.events} events seen${deferred}${unreachable}`,
  );
}
