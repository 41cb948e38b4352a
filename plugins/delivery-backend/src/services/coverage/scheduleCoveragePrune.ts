import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { CoverageStore } from '../../database/CoverageStore';

export const COVERAGE_PRUNE_TASK_ID = 'delivery-coverage-prune';

/**
 * Registers the hourly prune that keeps the newest `keepReports` reports per entity. The task is
 * global, so with several backend replicas only one of them runs it at a time.
 */
export async function scheduleCoveragePrune(options: {
  scheduler: SchedulerService;
  store: CoverageStore;
  keepReports: number;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, store, keepReports, logger } = options;
  await scheduler.scheduleTask({
    id: COVERAGE_PRUNE_TASK_ID,
    scope: 'global',
    frequency: { hours: 1 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const removed = await store.prune({ keepPerEntity: keepReports });
      if (removed > 0) {
        logger.info(
          `Coverage: pruned ${removed} report(s), keeping the newest ${keepReports} per entity`,
        );
      }
    },
  });
}
