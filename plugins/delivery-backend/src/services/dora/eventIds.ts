import { DeliveryEventKind } from '@go-delivery/plugin-delivery-common';
import { createHash } from 'node:crypto';

/**
 * The stable id of an event: its kind and a hash of the upstream fact it records (e.g. entity,
 * instance, application, history id and deploy time), so the same fact seen again is the same
 * row.
 */
export function deliveryEventId(
  kind: DeliveryEventKind,
  fact: Array<string | number | undefined>,
): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(fact.map(part => part ?? null)))
    .digest('hex')
    .slice(0, 40);
  return `${kind}-${hash}`;
}
