import { IncomingMessage } from 'node:http';

/** A request body larger than the server reads. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body too large: limit is ${limitBytes} bytes`);
  }
}

export interface RequestBody {
  /** The body as text; empty when the request had none. */
  text: string;
  /** Parsed JSON when the text is JSON, the text itself otherwise; absent without a body. */
  parsed?: unknown;
}

/**
 * Reads a whole request body, refusing one over `maxBytes` so that a runaway client cannot make
 * a test process buffer without bound.
 */
export async function readBody(
  req: IncomingMessage,
  options: { maxBytes: number },
): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early must not destroy the socket: the refusal is answered on it.
  for await (const chunk of req.iterator({ destroyOnReturn: false })) {
    size += (chunk as Buffer).length;
    if (size > options.maxBytes) {
      req.resume(); // discards the rest, so the connection stays usable
      throw new BodyTooLargeError(options.maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.length > 0 ? { text, parsed: parseMaybeJson(text) } : { text };
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
