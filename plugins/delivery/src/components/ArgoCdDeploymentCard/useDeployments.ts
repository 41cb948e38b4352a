import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DeploymentsResponse } from '@go-delivery/plugin-delivery-common';
import { createContext, useContext } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { deliveryApiRef } from '../../api';
import { useEntityChanges } from '../../hooks/entityChanges';

/** The entity's Argo CD applications as a card reads them, with a retry. */
export type DeploymentsState = ReturnType<
  typeof useAsyncRetry<DeploymentsResponse | undefined>
>;

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
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const ref = getCompoundEntityRef(entity);
  const changes = useEntityChanges(stringifyEntityRef(entity));
  const state = useAsyncRetry(
    async () => (enabled ? api.getDeployments(ref) : undefined),
    [api, ref.kind, ref.namespace, ref.name, enabled, changes],
  );
  const running = state.value?.applications.some(
    app => app.operation?.phase === 'Running',
  );
  useInterval(state.retry, running ? OPERATION_POLL_MS : null);
  return state;
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
