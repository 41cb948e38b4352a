import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import { DeploymentsResponse } from '@go-delivery/plugin-delivery-common';

/** The Delivery backend as the frontend sees it: one method per route. @public */
export interface DeliveryApi {
  getDeployments(entity: CompoundEntityRef): Promise<DeploymentsResponse>;
}

/** @public */
export const deliveryApiRef = createApiRef<DeliveryApi>({
  id: 'plugin.delivery.service',
});
