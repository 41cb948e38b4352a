import { InputError } from '@backstage/errors';
import { InvalidAnnotationError } from '@go-delivery/plugin-delivery-common';

/** Runs an annotation reader and turns a malformed annotation into a 400 that names it. */
export function readEntityAnnotations<T>(reader: () => T): T {
  try {
    return reader();
  } catch (error) {
    if (error instanceof InvalidAnnotationError) {
      throw new InputError(error.message);
    }
    throw error;
  }
}
