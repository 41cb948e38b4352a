import { InputError } from '@backstage/errors';
import { InvalidAnnotationError } from '@go-delivery/plugin-delivery-common';

/**
 * The error a request answers with: a malformed annotation of the entity is the caller's to fix,
 * a 400 whose message names it; anything else passes as it is.
 */
export function asRequestError(error: unknown): Error {
  if (error instanceof InvalidAnnotationError) {
    return new InputError(error.message);
  }
  return error as Error;
}
