import {
  UpstreamFailureReason,
  UpstreamKind,
} from '@go-delivery/plugin-delivery-common';
import { CappedText, readCappedText } from './readCappedText';
import { UpstreamError } from './UpstreamError';

/** One HTTP call to an upstream; the URL is always built by a client from config and validated names. */
export interface UpstreamRequest {
  kind: UpstreamKind;
  instance: string;
  url: URL;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `application/x-www-form-urlencoded` (Prometheus' query API); excludes `body`. */
  form?: URLSearchParams;
  timeoutMs: number;
  /** Answers larger than this are refused while they stream. @default 32 MiB */
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

function reasonForStatus(status: number): UpstreamFailureReason {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  return 'upstream-error';
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  if (cause?.code)
    return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** Extracts the message of an upstream error body (Argo CD and Kubernetes both use `message`). */
function upstreamMessage(text: string): string {
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed.message === 'string') return parsed.message;
    if (parsed && typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 300);
}

function contentType(request: UpstreamRequest): Record<string, string> {
  if (request.form)
    return { 'content-type': 'application/x-www-form-urlencoded' };
  if (request.body !== undefined) return { 'content-type': 'application/json' };
  return {};
}

/**
 * Sends one request with a hard timeout and returns the parsed JSON body. Every failure becomes an
 * {@link UpstreamError} naming the instance and the reason (timeout, unreachable, HTTP status …).
 */
export async function requestJson<T>(request: UpstreamRequest): Promise<T> {
  const { kind, instance, url, timeoutMs } = request;
  const fail = (
    reason: UpstreamFailureReason,
    detail: string,
    status?: number,
  ) => new UpstreamError({ kind, instance, reason, detail, status });

  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...contentType(request),
        ...request.headers,
      },
      body:
        request.form ??
        (request.body !== undefined ? JSON.stringify(request.body) : undefined),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw fail('timeout', `no answer within ${timeoutMs} ms`);
    }
    throw fail('unreachable', `unreachable: ${describeNetworkError(error)}`);
  }

  const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  let read: CappedText;
  try {
    read = await readCappedText(response, maxBytes);
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw fail('timeout', `no complete answer within ${timeoutMs} ms`);
    }
    throw fail(
      'unreachable',
      `connection broke: ${describeNetworkError(error)}`,
    );
  }
  if ('tooLarge' in read) {
    throw fail(
      'bad-response',
      `answer is larger than ${maxBytes} bytes`,
      response.status,
    );
  }
  const { text } = read;

  if (!response.ok) {
    throw fail(
      reasonForStatus(response.status),
      `HTTP ${response.status}: ${
        upstreamMessage(text) || response.statusText
      }`,
      response.status,
    );
  }
  if (text.length === 0) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw fail(
      'bad-response',
      'answered with something that is not JSON',
      response.status,
    );
  }
}
