import { DeploymentsResponse } from '@go-delivery/plugin-delivery-common';
import { createContext, useContext } from 'react';
import { DeliveryData, useDeliveryData } from '../../kit';

/** The entity's Argo CD applications as a card reads them, with a retry. */
export type DeploymentsState = DeliveryData<DeploymentsResponse>;

/** Set by {@link DeploymentsProvider}: the cards below it share one load. */
export const DeploymentsContext = createContext<DeploymentsState | undefined>(
  undefined,
);

/** How often the applications are read again while Argo CD runs an operation on one. */
const OPERATION_POLL_MS = 10_000;

/**
 * Loads the applications unless disabled: again after every announced change of the entity,
 * and while a sync or rollback is running, until it ends.
 */
export function useLoadDeployments(enabled: boolean): DeploymentsState {
  return useDeliveryData((api, ref) => api.getDeployments(ref), [], {
    enabled,
    isActive: value =>
      value.applications.some(app => app.operation?.phase === 'Running'),
    pollIntervalMs: OPERATION_POLL_MS,
  });
}

/**
 * The current entity's Argo CD applications, with a retry for the card's refresh button: the
 * shared load when a {@link DeploymentsProvider} is above, the card's own otherwise (none when
 * `enabled` is false, e.g. for an entity without Argo CD annotations).
 */
export function useDeployments(
  options: { enabled?: boolean } = {},
): DeploymentsState {
  const shared = useContext(DeploymentsContext);
  const own = useLoadDeployments(!shared && (options.enabled ?? true));
  return shared ?? own;
}
