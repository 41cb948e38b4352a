import {
  CompoundEntityRef,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { AlertMessage, alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useRef, useState } from 'react';
import { DeliveryApi, deliveryApiRef } from '../api';
import { announceEntityChange } from '../hooks/entityChanges';
import { errorMessage } from '../utils/errorMessage';
import { newIdempotencyKey } from '../utils/idempotencyKey';

export interface DeliveryActionOptions<I, R> {
  /** Sends the action for the current entity, with the key the backend acts on once. */
  send: (
    api: DeliveryApi,
    entity: CompoundEntityRef,
    input: I,
    idempotencyKey: string,
  ) => Promise<R>;
  /**
   * `call` (the default): a fresh key per call, for a button that is disabled while it acts.
   * `submission`: the first call picks the key and later calls (a retry after an error whose
   * answer never came) send it again, until `reset()` starts a new submission.
   */
  keyPer?: 'call' | 'submission';
  /** The confirmation to show when it worked; none when absent or undefined. */
  success?: (
    result: R,
    input: I,
  ) => Pick<AlertMessage, 'message' | 'severity'> | undefined;
  /** Whether every card of the entity reads again when it worked (the default). */
  announce?: boolean;
  /** Called when it worked, after the announcement: e.g. the card reads its own data again. */
  onDone?: (result: R, input: I) => void;
  /** What the card says when it failed; the backend's reason alone by default. */
  describeError?: (input: I, reason: string) => string;
}

export interface DeliveryAction<I, R> {
  /** Acts unless an action of this hook is under way (a double click acts once). */
  perform: (input: I) => Promise<void>;
  /** The input of the action under way. */
  pending?: I;
  /** The last failure, kept until dismissed, reset or acted again. */
  error?: string;
  /** The answer of the last action that worked, until reset. */
  result?: R;
  dismissError: () => void;
  /** Forgets the error, the result and the submission's key. */
  reset: () => void;
}

/**
 * One action at a time on the current entity: the idempotency key, the confirmation alert, the
 * announcement that makes every card read again, and the backend's reason when it refused.
 */
export function useDeliveryAction<I, R>(
  options: DeliveryActionOptions<I, R>,
): DeliveryAction<I, R> {
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const alertApi = useApi(alertApiRef);
  const [pending, setPending] = useState<{ input: I }>();
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<{ value: R }>();
  // A ref, not state: the second click of a double click comes before the next render.
  const inFlight = useRef(false);
  const submissionKey = useRef<string>();

  const perform = async (input: I) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setPending({ input });
    setError(undefined);
    let key = newIdempotencyKey();
    if (options.keyPer === 'submission') {
      key = submissionKey.current ?? key;
      submissionKey.current = key;
    }
    try {
      const answer = await options.send(
        api,
        getCompoundEntityRef(entity),
        input,
        key,
      );
      setResult({ value: answer });
      const alert = options.success?.(answer, input);
      if (alert) alertApi.post({ ...alert, display: 'transient' });
      if (options.announce ?? true) {
        announceEntityChange(stringifyEntityRef(entity));
      }
      options.onDone?.(answer, input);
    } catch (e) {
      const reason = errorMessage(e as Error);
      setError(options.describeError?.(input, reason) ?? reason);
    } finally {
      inFlight.current = false;
      setPending(undefined);
    }
  };

  return {
    perform,
    pending: pending?.input,
    error,
    result: result?.value,
    dismissError: () => setError(undefined),
    reset: () => {
      if (inFlight.current) return;
      submissionKey.current = undefined;
      setError(undefined);
      setResult(undefined);
    },
  };
}
