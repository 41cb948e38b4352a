import { useDeliveryData } from '../../kit';

/**
 * The entity's DORA figures for the period and environment; without an environment the backend
 * picks the production-like one (and says which).
 */
export function useDora(days: number, environment: string | undefined) {
  return useDeliveryData(
    (api, ref) => api.getDora(ref, { days, environment }),
    [days, environment],
  );
}
