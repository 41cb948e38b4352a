import {
  RolloutActionResponse,
  RolloutRef,
} from '@go-delivery/plugin-delivery-common';
import { useDeliveryAction } from '../../kit';
import { clusterObjectRef } from '../../utils/clusterObject';

/** What the undo dialog asks for. */
export interface UndoInput {
  rollout: RolloutRef;
  /** The revision the dialog named: sent always, so undo does what was confirmed. */
  toRevision: number;
  /** The typed name, for production-like Rollouts only. */
  confirmation?: string;
}

/**
 * Undo from the card's dialog, with one idempotency key per submission: a second click or a retry
 * after an error whose answer never came sends the same key, and the backend acts once. Choosing
 * another revision (or opening the dialog again) is a new intent with a new key. Every card of
 * the entity reads again when it worked.
 */
export function useUndoRollout() {
  return useDeliveryAction<UndoInput, RolloutActionResponse>({
    send: (
      api,
      entity,
      { rollout, toRevision, confirmation },
      idempotencyKey,
    ) =>
      api.rolloutAction(entity, 'undo', {
        ...clusterObjectRef(rollout),
        idempotencyKey,
        ...(confirmation === undefined ? {} : { confirmation }),
        toRevision,
      }),
    keyPer: 'submission',
    describeError: ({ rollout }, reason) =>
      `Could not undo ${rollout.name}: ${reason}`,
  });
}
