import { useDeliveryData } from '../../kit';

/** The DORA figures of the services the current group owns, and the team's, for the period. */
export function useTeamDora(days: number) {
  return useDeliveryData((api, ref) => api.getTeamDora(ref, { days }), [days]);
}
