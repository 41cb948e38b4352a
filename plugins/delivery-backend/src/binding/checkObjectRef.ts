import { InputError } from '@backstage/errors';
import {
  isDnsLabel,
  isDnsSubdomain,
} from '@go-delivery/plugin-delivery-common';

/** Validates the namespace and name of an object a request names, before any URL is built. */
export function checkObjectRef(
  ref: { namespace: string; name: string },
  kind: string,
): void {
  if (!isDnsLabel(ref.namespace)) {
    throw new InputError(`'${ref.namespace}' is not a namespace name`);
  }
  if (!isDnsSubdomain(ref.name)) {
    throw new InputError(`'${ref.name}' is not a ${kind} name`);
  }
}
