import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/**
 * Runs a change to something outside the scaffolder's workspace as one audit event, marked
 * successful or failed with the error.
 */
export async function audited<T>(
  auditor: AuditorService,
  event: { eventId: string; meta: JsonObject },
  change: () => Promise<T>,
): Promise<T> {
  const auditorEvent = await auditor.createEvent({
    eventId: event.eventId,
    severityLevel: 'medium',
    meta: event.meta,
  });
  try {
    const result = await change();
    await auditorEvent.success();
    return result;
  } catch (error) {
    await auditorEvent.fail({ error: error as Error });
    throw error;
  }
}
