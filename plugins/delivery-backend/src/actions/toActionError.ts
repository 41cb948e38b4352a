import {
  ConflictError,
  CustomErrorBase,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { UpstreamError } from '@go-delivery/plugin-delivery-node';

/** The upstream answered an action with an error it should not have (502). */
export class BadGatewayError extends CustomErrorBase {
  name = 'BadGatewayError' as const;
  statusCode = 502;
}

/**
 * Maps a failed upstream call made for an action (rerun, cancel, promote …) to the error the
 * caller gets. The upstream's own HTTP status never leaks through as ours: a 401 from a cluster
 * is the backend's credentials, not the caller's.
 */
export function toActionError(error: unknown): Error {
  if (!(error instanceof UpstreamError)) return error as Error;
  const { reason, message, status } = error.failure;
  if (reason === 'not-found') return new NotFoundError(message);
  if (reason === 'timeout' || reason === 'unreachable') {
    return new ServiceUnavailableError(message);
  }
  if (status === 409) return new ConflictError(message);
  return new BadGatewayError(message);
}
