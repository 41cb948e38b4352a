import { ResponseError } from '@backstage/errors';

/**
 * The message to show for a failed request: the Delivery backend's own message (e.g. which
 * annotation is malformed, or why an action was refused) when the error carries one.
 */
export function errorMessage(error: Error): string {
  if (error instanceof ResponseError || error.name === 'ResponseError') {
    return (error as ResponseError).body?.error?.message ?? error.message;
  }
  return error.message;
}
