import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ActionLedger } from './ActionLedger';

export const ACTION_LEDGER_SWEEP_TASK_ID = 'delivery-action-ledger-sweep';

/**
 * Registers the sweep of remembered action answers and stale target locks. The task is global,
 * so with several backend replicas one of them runs it at a time.
 */
export async function scheduleActionLedgerSweep(options: {
  scheduler: SchedulerService;
  actions: ActionLedger;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, actions, logger } = options;
  await scheduler.scheduleTask({
    id: ACTION_LEDGER_SWEEP_TASK_ID,
    scope: 'global',
    frequency: { minutes: 10 },
    timeout: { minutes: 2 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const removed = await actions.sweep();
      if (removed > 0) logger.debug(`Action ledger: swept ${removed} row(s)`);
    },
  });
}
