import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../../api';

/** The current entity's Argo CD applications, with a retry for the card's refresh button. */
export function useDeployments() {
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    () => api.getDeployments(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
}
