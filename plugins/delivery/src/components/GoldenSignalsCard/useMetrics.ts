import { useDeliveryData } from '../../kit';

/**
 * The entity's golden signals and deploys over `range` (read again when it changes, and after
 * an action such as a rollback changed the entity's deploys).
 */
export function useMetrics(range: string) {
  return useDeliveryData((api, ref) => api.getMetrics(ref, { range }), [range]);
}
