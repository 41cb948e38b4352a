import { PipelineStepRef } from '@go-delivery/plugin-delivery-common';
import { useDeliveryData } from '../../kit';

/** The log of one step, read when asked for (the dialog opens) and again on retry. */
export function useStepLog(step: PipelineStepRef) {
  return useDeliveryData(
    (api, ref) => api.getPipelineStepLog(ref, step),
    [step.cluster, step.namespace, step.name, step.taskRun, step.step],
  );
}
