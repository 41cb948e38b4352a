import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  RollbackPreview,
  RollbackResult,
  RollbackTarget,
} from '@go-delivery/plugin-delivery-common';
import { useCallback, useRef, useState } from 'react';
import { deliveryApiRef } from '../../api';
import { announceEntityChange } from '../../hooks/entityChanges';
import { errorMessage } from '../../utils/errorMessage';
import { newIdempotencyKey } from '../../utils/idempotencyKey';

/**
 * The dialog's way from a choice to a result: the preview of the target, then the rollback
 * with one idempotency key per submission — chosen when the preview arrives, so a second click
 * or a retry after an error sends the same key and the backend acts once. Going back to the
 * form (or opening the dialog again) starts a new submission with a new key.
 */
export function useRollbackFlow() {
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const [previewed, setPreviewed] = useState<{
    target: RollbackTarget;
    preview: RollbackPreview;
  }>();
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const [result, setResult] = useState<RollbackResult>();
  const idempotencyKey = useRef<string>();
  const inFlight = useRef(false);
  const entityRef = stringifyEntityRef(entity);

  const preview = useCallback(
    async (target: RollbackTarget) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setPreviewing(true);
      setPreviewError(undefined);
      try {
        const answer = await api.previewRollback(
          getCompoundEntityRef(entity),
          target,
        );
        idempotencyKey.current = newIdempotencyKey();
        setSubmitError(undefined);
        setPreviewed({ target, preview: answer });
      } catch (e) {
        setPreviewError(errorMessage(e as Error));
      } finally {
        inFlight.current = false;
        setPreviewing(false);
      }
    },
    [api, entity],
  );

  const back = useCallback(() => {
    if (inFlight.current) return;
    idempotencyKey.current = undefined;
    setPreviewed(undefined);
    setSubmitError(undefined);
  }, []);

  const submit = useCallback(
    async (confirmation?: string) => {
      const key = idempotencyKey.current;
      if (!previewed || !key || inFlight.current) return;
      inFlight.current = true;
      setSubmitting(true);
      setSubmitError(undefined);
      try {
        const answer = await api.rollback(getCompoundEntityRef(entity), {
          ...previewed.target,
          ...(previewed.preview.confirmationRequired
            ? { confirmation: confirmation ?? '' }
            : {}),
          idempotencyKey: key,
        });
        setResult(answer);
        announceEntityChange(entityRef);
      } catch (e) {
        setSubmitError(errorMessage(e as Error));
      } finally {
        inFlight.current = false;
        setSubmitting(false);
      }
    },
    [api, entity, entityRef, previewed],
  );

  return {
    preview,
    previewing,
    previewError,
    previewed,
    back,
    submit,
    submitting,
    submitError,
    result,
  };
}
