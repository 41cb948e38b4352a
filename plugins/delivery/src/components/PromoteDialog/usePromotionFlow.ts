import {
  PromotionRequest,
  PromotionResult,
  PromotionTarget,
} from '@go-delivery/plugin-delivery-common';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../../api';
import { useDeliveryAction } from '../../kit';

type Intent = Omit<PromotionRequest, 'idempotencyKey'>;

/**
 * The dialog's way from a step to a result: the preview (the gates as the backend sees them
 * now, and the diff), then the promotion with one idempotency key per intent: a double click or
 * a retry of the same request sends the same key and the backend acts once, while a changed
 * request (another reason, the override chosen) is a new submission with a new key.
 */
export function usePromotionFlow(
  target: PromotionTarget,
  toEnvironment: string,
) {
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  // Read once per opening: a preview changes nothing, so it need not follow the cards' reloads.
  const preview = useAsyncRetry(
    () => api.previewPromotion(getCompoundEntityRef(entity), target),
    [api],
  );
  const promotion = useDeliveryAction<Intent, PromotionResult>({
    send: (client, ref, intent, idempotencyKey) =>
      client.promote(ref, { ...intent, idempotencyKey }),
    keyPer: 'submission',
    success: result => ({ message: result.message, severity: 'success' }),
    describeError: (_, reason) =>
      `Could not promote to ${toEnvironment}: ${reason}`,
  });
  const lastIntent = useRef<string>();

  const submit = async (intent: Intent) => {
    const fingerprint = JSON.stringify(intent);
    if (lastIntent.current !== fingerprint) {
      promotion.reset();
      lastIntent.current = fingerprint;
    }
    await promotion.perform(intent);
  };

  return { preview, promotion, submit };
}
