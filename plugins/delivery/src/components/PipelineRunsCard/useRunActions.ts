import { getCompoundEntityRef } from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { PipelineRunRef } from '@go-delivery/plugin-delivery-common';
import { useCallback, useRef, useState } from 'react';
import { deliveryApiRef } from '../../api';
import { errorMessage } from '../../utils/errorMessage';

/** The actions the pipeline card offers on a run. */
export type RunAction = 'rerun' | 'cancel';

/** A refused or failed action, kept on the card until dismissed. */
export interface RunActionError {
  action: RunAction;
  run: PipelineRunRef;
  message: string;
}

/** Only the identity of a run travels to the backend, never the rest of its view. */
export function runIdentity(run: PipelineRunRef): PipelineRunRef {
  return { cluster: run.cluster, namespace: run.namespace, name: run.name };
}

export function runKey(run: PipelineRunRef): string {
  return `${run.cluster}/${run.namespace}/${run.name}`;
}

/**
 * Rerun and cancel for the card: one action at a time (a double click acts once), a confirmation
 * alert and a refresh when it worked, the backend's reason when it did not.
 */
export function useRunActions(options: { onDone: () => void }) {
  const { onDone } = options;
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const alertApi = useApi(alertApiRef);
  const [pending, setPending] = useState<{ action: RunAction; key: string }>();
  const [error, setError] = useState<RunActionError>();
  const inFlight = useRef(false);
  const entityRef = getCompoundEntityRef(entity);
  const { kind, namespace, name } = entityRef;

  const perform = useCallback(
    async (action: RunAction, run: PipelineRunRef) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setPending({ action, key: runKey(run) });
      setError(undefined);
      const target = runIdentity(run);
      const ref = { kind, namespace, name };
      try {
        if (action === 'rerun') {
          const result = await api.rerunPipelineRun(ref, target);
          alertApi.post({
            message: `Started ${result.run.name}, a rerun of ${target.name}`,
            severity: 'success',
            display: 'transient',
          });
        } else {
          await api.cancelPipelineRun(ref, target);
          alertApi.post({
            message: `Cancelling ${target.name}`,
            severity: 'info',
            display: 'transient',
          });
        }
        onDone();
      } catch (e) {
        setError({ action, run: target, message: errorMessage(e as Error) });
      } finally {
        inFlight.current = false;
        setPending(undefined);
      }
    },
    [api, alertApi, onDone, kind, namespace, name],
  );

  return {
    perform,
    pending,
    error,
    dismissError: () => setError(undefined),
  };
}
