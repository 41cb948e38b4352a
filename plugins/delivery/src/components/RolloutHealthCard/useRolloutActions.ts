import {
  RolloutActionResponse,
  RolloutRef,
} from '@go-delivery/plugin-delivery-common';
import { useDeliveryAction } from '../../kit';
import { clusterObjectRef } from '../../utils/clusterObject';

/**
 * The actions the card takes directly. Abort goes through the rollback dialog instead, which
 * shows what it changes and asks for the confirmation production needs.
 */
export type CardRolloutAction = 'promote' | 'promote-full' | 'retry';

const ACTION_LABELS: Record<CardRolloutAction, string> = {
  promote: 'promote',
  'promote-full': 'fully promote',
  retry: 'retry',
};

/** An action on a Rollout, as the card asked for it. */
export interface RolloutActionInput {
  action: CardRolloutAction;
  rollout: RolloutRef;
}

/**
 * Promote, promote-full and retry: one action at a time with one idempotency key per click (a
 * double click acts once), then every card of the entity reads again; the backend's reason when
 * it refused.
 */
export function useRolloutActions() {
  return useDeliveryAction<RolloutActionInput, RolloutActionResponse>({
    send: (api, entity, { action, rollout }, idempotencyKey) =>
      api.rolloutAction(entity, action, {
        ...clusterObjectRef(rollout),
        idempotencyKey,
      }),
    success: result => ({ message: result.message, severity: 'success' }),
    describeError: ({ action, rollout }, reason) =>
      `Could not ${ACTION_LABELS[action]} ${rollout.name}: ${reason}`,
  });
}
