import { StringDecoder } from 'node:string_decoder';
import { MalformedReportError } from './MalformedReportError';

/** A report source: the request body, a file stream, or chunks in a test. */
export type ReportSource = AsyncIterable<Buffer | Uint8Array | string>;

/** Longer than any sane report line; stops a newline-free body from being buffered as one line. */
const MAX_LINE_LENGTH = 64 * 1024;

/**
 * Splits a byte stream into UTF-8 lines (LF or CRLF) with their 1-based numbers, holding only the
 * current line in memory.
 */
export async function* readLines(
  source: ReportSource,
  format: string,
): AsyncGenerator<{ text: string; number: number }> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let number = 0;
  const tooLong = (line: number) =>
    new MalformedReportError({
      format,
      location: { line },
      problem: `line is longer than ${MAX_LINE_LENGTH} characters`,
    });
  for await (const chunk of source) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    let newline = pending.indexOf('\n', start);
    while (newline !== -1) {
      number += 1;
      if (newline - start > MAX_LINE_LENGTH) throw tooLong(number);
      const end =
        newline > start && pending[newline - 1] === '\r'
          ? newline - 1
          : newline;
      yield { text: pending.slice(start, end), number };
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
    if (pending.length > MAX_LINE_LENGTH) throw tooLong(number + 1);
  }
  pending += decoder.end();
  if (pending.length > 0) {
    number += 1;
    yield { text: pending.replace(/\r$/, ''), number };
  }
}

/** Decodes a byte stream into UTF-8 text chunks (for parsers that take text, such as saxes). */
export async function* readText(source: ReportSource): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
