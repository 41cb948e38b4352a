import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../../api';
import { useEntityChanges } from '../../hooks/entityChanges';

/**
 * The entity's golden signals and deploys over `range` (read again when it changes, and after
 * an action such as a rollback changed the entity's deploys).
 */
export function useMetrics(range: string) {
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const ref = getCompoundEntityRef(entity);
  const changes = useEntityChanges(stringifyEntityRef(entity));
  return useAsyncRetry(
    () => api.getMetrics(ref, { range }),
    [api, ref.kind, ref.namespace, ref.name, range, changes],
  );
}
