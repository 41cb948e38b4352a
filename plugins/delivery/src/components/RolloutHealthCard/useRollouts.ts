import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { deliveryApiRef } from '../../api';
import { useEntityChanges } from '../../hooks/entityChanges';

/**
 * The current entity's Argo Rollouts (none when `enabled` is false), read again after every
 * announced change of the entity and every `pollIntervalMs` while a canary moves on by itself.
 */
export function useRollouts(options: {
  enabled: boolean;
  pollIntervalMs?: number;
}) {
  const { enabled, pollIntervalMs } = options;
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const ref = getCompoundEntityRef(entity);
  const changes = useEntityChanges(stringifyEntityRef(entity));
  const state = useAsyncRetry(
    async () => (enabled ? api.getRollouts(ref) : undefined),
    [api, ref.kind, ref.namespace, ref.name, enabled, changes],
  );
  const moving = state.value?.rollouts.some(r => r.updating && !r.aborted);
  useInterval(state.retry, moving && pollIntervalMs ? pollIntervalMs : null);
  return state;
}
