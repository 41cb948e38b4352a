import { useDeliveryData } from '../../kit';

/**
 * The current entity's Argo Rollouts (none when `enabled` is false), read again after every
 * announced change of the entity and every `pollIntervalMs` while a canary moves on by itself.
 */
export function useRollouts(options: {
  enabled: boolean;
  pollIntervalMs?: number;
}) {
  return useDeliveryData((api, ref) => api.getRollouts(ref), [], {
    enabled: options.enabled,
    isActive: value => value.rollouts.some(r => r.updating && !r.aborted),
    pollIntervalMs: options.pollIntervalMs,
  });
}
