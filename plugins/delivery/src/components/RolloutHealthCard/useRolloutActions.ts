import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RolloutRef } from '@go-delivery/plugin-delivery-common';
import { useCallback, useRef, useState } from 'react';
import { deliveryApiRef } from '../../api';
import { announceEntityChange } from '../../hooks/entityChanges';
import { errorMessage } from '../../utils/errorMessage';
import { newIdempotencyKey } from '../../utils/idempotencyKey';

/**
 * The actions the card takes directly. Abort goes through the rollback dialog instead, which
 * shows what it changes and asks for the confirmation production needs.
 */
export type CardRolloutAction = 'promote' | 'promote-full' | 'retry';

export const ACTION_LABELS: Record<CardRolloutAction, string> = {
  promote: 'promote',
  'promote-full': 'fully promote',
  retry: 'retry',
};

export function rolloutKey(ref: RolloutRef): string {
  return `${ref.cluster}/${ref.namespace}/${ref.name}`;
}

/** A refused or failed action, kept on the card until dismissed. */
export interface RolloutActionError {
  action: CardRolloutAction;
  rollout: RolloutRef;
  message: string;
}

/**
 * Promote, promote-full and retry: one action at a time with one idempotency key per click (a
 * double click acts once), then every card of the entity reads again; the backend's reason when
 * it refused.
 */
export function useRolloutActions() {
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const alertApi = useApi(alertApiRef);
  const [pending, setPending] = useState<{
    action: CardRolloutAction;
    key: string;
  }>();
  const [error, setError] = useState<RolloutActionError>();
  const inFlight = useRef(false);
  const entityRef = stringifyEntityRef(entity);

  const perform = useCallback(
    async (action: CardRolloutAction, rollout: RolloutRef) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setPending({ action, key: rolloutKey(rollout) });
      setError(undefined);
      const target = {
        cluster: rollout.cluster,
        namespace: rollout.namespace,
        name: rollout.name,
      };
      try {
        const result = await api.rolloutAction(
          getCompoundEntityRef(entity),
          action,
          { ...target, idempotencyKey: newIdempotencyKey() },
        );
        alertApi.post({
          message: result.message,
          severity: 'success',
          display: 'transient',
        });
        announceEntityChange(entityRef);
      } catch (e) {
        setError({
          action,
          rollout: target,
          message: errorMessage(e as Error),
        });
      } finally {
        inFlight.current = false;
        setPending(undefined);
      }
    },
    [api, alertApi, entity, entityRef],
  );

  return {
    perform,
    pending,
    error,
    dismissError: () => setError(undefined),
  };
}
