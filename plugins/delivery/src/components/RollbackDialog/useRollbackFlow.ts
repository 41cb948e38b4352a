import {
  RollbackPreview,
  RollbackResult,
  RollbackTarget,
} from '@go-delivery/plugin-delivery-common';
import { useState } from 'react';
import { useDeliveryAction } from '../../kit';

/**
 * The dialog's way from a choice to a result: the preview of the target, then the rollback
 * with one idempotency key per submission, so a second click or a retry after an error sends
 * the same key and the backend acts once. Going back to the form (or opening the dialog again)
 * starts a new submission with a new key.
 */
export function useRollbackFlow() {
  const [previewed, setPreviewed] = useState<{
    target: RollbackTarget;
    preview: RollbackPreview;
  }>();
  const preview = useDeliveryAction<RollbackTarget, RollbackPreview>({
    send: (api, entity, target) => api.previewRollback(entity, target),
    // A preview changes nothing, so the cards have nothing to read again.
    announce: false,
    onDone: (answer, target) => setPreviewed({ target, preview: answer }),
  });
  const rollback = useDeliveryAction<
    { target: RollbackTarget; confirmation?: string },
    RollbackResult
  >({
    send: (api, entity, { target, confirmation }, idempotencyKey) =>
      api.rollback(entity, {
        ...target,
        ...(confirmation === undefined ? {} : { confirmation }),
        idempotencyKey,
      }),
    keyPer: 'submission',
  });

  const submit = async (confirmation?: string) => {
    if (!previewed) return;
    await rollback.perform({
      target: previewed.target,
      confirmation: previewed.preview.confirmationRequired
        ? confirmation ?? ''
        : undefined,
    });
  };

  const back = () => {
    if (preview.pending || rollback.pending) return;
    rollback.reset();
    setPreviewed(undefined);
  };

  return {
    preview: preview.perform,
    previewing: preview.pending !== undefined,
    previewError: preview.error,
    previewed,
    back,
    submit,
    submitting: rollback.pending !== undefined,
    submitError: rollback.error,
    result: rollback.result,
  };
}
