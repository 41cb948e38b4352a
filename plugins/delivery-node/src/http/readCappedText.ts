/** What {@link readCappedText} read: the body as text, or that it is longer than the cap. */
export type CappedText = { text: string } | { tooLarge: true };

/**
 * Reads a fetch response's body as UTF-8 text, counting bytes as they arrive: an answer past
 * `maxBytes` is cancelled (the connection is dropped, not drained) whether or not it declared a
 * Content-Length, so a chunked answer cannot make the backend buffer without bound.
 */
export async function readCappedText(
  response: Response,
  maxBytes: number,
): Promise<CappedText> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    return { tooLarge: true };
  }
  if (!response.body) return { text: '' };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { tooLarge: true };
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8') };
}
