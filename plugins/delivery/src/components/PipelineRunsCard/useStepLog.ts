import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { PipelineStepRef } from '@go-delivery/plugin-delivery-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../../api';

/** The log of one step, read when asked for (the dialog opens) and again on retry. */
export function useStepLog(step: PipelineStepRef) {
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    () => api.getPipelineStepLog(ref, step),
    [
      api,
      ref.kind,
      ref.namespace,
      ref.name,
      step.cluster,
      step.namespace,
      step.name,
      step.taskRun,
      step.step,
    ],
  );
}
