import {
  PipelineRunActionResponse,
  PipelineRunRef,
} from '@go-delivery/plugin-delivery-common';
import { useDeliveryAction } from '../../kit';
import { clusterObjectRef } from '../../utils/clusterObject';

/** The actions the pipeline card offers on a run. */
export type RunAction = 'rerun' | 'cancel';

/** An action on a run, as the card asked for it. */
export interface RunActionInput {
  action: RunAction;
  run: PipelineRunRef;
}

/**
 * Rerun and cancel for the card: one action at a time (a double click acts once), a confirmation
 * alert and a refresh when it worked, the backend's reason when it did not.
 */
export function useRunActions(options: { onDone: () => void }) {
  return useDeliveryAction<RunActionInput, PipelineRunActionResponse>({
    send: (api, entity, { action, run }, idempotencyKey) =>
      action === 'rerun'
        ? api.rerunPipelineRun(entity, clusterObjectRef(run), idempotencyKey)
        : api.cancelPipelineRun(entity, clusterObjectRef(run), idempotencyKey),
    success: (result, { action, run }) =>
      action === 'rerun'
        ? {
            message: `Started ${result.run.name}, a rerun of ${run.name}`,
            severity: 'success',
          }
        : { message: `Cancelling ${run.name}`, severity: 'info' },
    // A run changes only what this card shows: the entity's other cards need not read again.
    announce: false,
    onDone: options.onDone,
    describeError: ({ action, run }, reason) =>
      `Could not ${action} ${run.name}: ${reason}`,
  });
}
