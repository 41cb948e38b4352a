import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { deliveryApiRef } from '../../api';

/**
 * The current entity's pipeline runs, with a retry for the refresh button. While a run is going
 * the list is read again every `pollIntervalMs`, so its tasks move on without a click.
 */
export function usePipelineRuns(options: { pollIntervalMs?: number } = {}) {
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const ref = getCompoundEntityRef(entity);
  const state = useAsyncRetry(
    () => api.getPipelineRuns(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
  const active = state.value?.runs.some(
    run => run.status === 'running' || run.status === 'pending',
  );
  useInterval(
    state.retry,
    active && options.pollIntervalMs ? options.pollIntervalMs : null,
  );
  return state;
}
