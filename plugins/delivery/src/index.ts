/**
 * The Delivery tab for Go services: Argo CD deployments (and, as they land, pipeline runs,
 * coverage, rollout health and rollback) on the entity page.
 *
 * @packageDocumentation
 */

export {
  deliveryPlugin,
  EntityDeliveryContent,
  EntityArgoCdDeploymentCard,
} from './plugin';
export { deliveryApiRef, DeliveryClient } from './api';
export type { DeliveryApi } from './api';
export type { ArgoCdDeploymentCardProps } from './components/ArgoCdDeploymentCard';
export { isDeliveryAvailable } from '@go-delivery/plugin-delivery-common';
