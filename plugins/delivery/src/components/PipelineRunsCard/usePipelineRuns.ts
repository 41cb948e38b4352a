import { useDeliveryData } from '../../kit';

/**
 * The current entity's pipeline runs, with a retry for the refresh button. While a run is going
 * the list is read again every `pollIntervalMs`, so its tasks move on without a click.
 */
export function usePipelineRuns(options: { pollIntervalMs?: number } = {}) {
  return useDeliveryData((api, ref) => api.getPipelineRuns(ref), [], {
    isActive: value =>
      value.runs.some(
        run => run.status === 'running' || run.status === 'pending',
      ),
    pollIntervalMs: options.pollIntervalMs,
  });
}
