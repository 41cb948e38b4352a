import { Entity } from '@backstage/catalog-model';
import { DELIVERY_ANNOTATIONS } from './annotations';

/**
 * Whether an entity carries any annotation the Delivery tab reads. Use it with EntitySwitch or as
 * the filter of the tab.
 *
 * @public
 */
export function isDeliveryAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return DELIVERY_ANNOTATIONS.some(
    key => (annotations[key] ?? '').trim() !== '',
  );
}
