import { CustomErrorBase, InputError } from '@backstage/errors';
import type { IncomingMessage } from 'node:http';

/**
 * The body is larger than the configured limit. The framework's error handler answers with the
 * error's `statusCode`, so this becomes a 413 with the usual JSON error body.
 */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  readonly statusCode = 413;
}

/** The body is encoded in a way the endpoint does not decode (answered with 415). */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  readonly statusCode = 415;
}

function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `The coverage report is larger than the limit of ${maxBytes} bytes (delivery.coverage.maxUploadBytes)`,
  );
}

/**
 * The raw request body as a stream of chunks, never buffered whole, cut off with a 413 as soon as
 * it passes `maxBytes` — up front when Content-Length already says so, else while streaming
 * (chunked uploads, or a Content-Length that lies).
 *
 * The request is read without destroying it when the consumer stops early, so the error response
 * can still be written.
 */
export function readUploadBody(
  req: IncomingMessage & { _body?: boolean },
  maxBytes: number,
): AsyncIterable<Buffer> {
  const encoding = (
    req.headers['content-encoding'] ?? 'identity'
  ).toLowerCase();
  if (encoding !== 'identity') {
    throw new UnsupportedMediaTypeError(
      `Content-Encoding '${encoding}' is not supported; send the report uncompressed`,
    );
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes)
    throw tooLarge(maxBytes);
  // A body parser mounted before this route would have consumed the stream already.
  if (req._body || req.readableEnded) {
    throw new InputError(
      'The request body was already consumed; send the report as text/plain or application/octet-stream',
    );
  }
  return limitBytes(req.iterator({ destroyOnReturn: false }), maxBytes);
}

async function* limitBytes(
  source: AsyncIterable<Buffer>,
  maxBytes: number,
): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const chunk of source) {
    received += chunk.length;
    if (received > maxBytes) throw tooLarge(maxBytes);
    yield chunk;
  }
}
