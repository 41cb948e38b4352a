import { useDeliveryData } from '../../kit';

/**
 * The entity's environments and promotion steps, read again after every announced change of
 * the entity (a promotion) and every `pollIntervalMs` while Argo CD runs an operation in one or
 * one is OutOfSync (a promoted change waits for its sync: the card follows it to the new
 * revision, whether automated sync or a person starts it).
 */
export function useEnvironments(pollIntervalMs: number) {
  return useDeliveryData((api, ref) => api.getEnvironments(ref), [], {
    isActive: value =>
      value.environments.some(
        env => env.operation?.phase === 'Running' || env.sync === 'OutOfSync',
      ),
    pollIntervalMs,
  });
}
