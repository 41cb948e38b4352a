import { CappedText, readCappedText } from '@go-delivery/plugin-delivery-node';
import { GitopsRepositoryError } from './GitopsRepository';

const TIMEOUT_MS = 15_000;
const MAX_BYTES = 8 * 1024 * 1024;

/**
 * One call to a Git host's REST API with a timeout. Answers `undefined` for a 404 when asked to
 * (a file or revision that does not exist); every other failure is a GitopsRepositoryError that
 * names the host.
 */
export async function scmRequest<T>(request: {
  host: string;
  url: URL;
  method?: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  body?: unknown;
  /** Return the raw text instead of parsed JSON (GitLab's raw file endpoint). */
  raw?: boolean;
  notFoundIsUndefined?: boolean;
}): Promise<T | undefined> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: {
        accept: request.raw ? '*/*' : 'application/json',
        ...(request.body !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
        ...request.headers,
      },
      body:
        request.body !== undefined ? JSON.stringify(request.body) : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    throw unavailable(request.host, error);
  }
  let read: CappedText;
  try {
    read = await readCappedText(response, MAX_BYTES);
  } catch (error) {
    throw unavailable(request.host, error);
  }
  if ('tooLarge' in read) {
    throw new GitopsRepositoryError(
      `${request.host}: answer too large`,
      'refused',
    );
  }
  const { text } = read;
  if (response.status === 404 && request.notFoundIsUndefined) return undefined;
  if (!response.ok) {
    let message = text.slice(0, 300);
    try {
      const parsed = JSON.parse(text);
      message = parsed.message ?? parsed.error ?? message;
      if (typeof message !== 'string') message = JSON.stringify(message);
    } catch {
      // not JSON
    }
    throw new GitopsRepositoryError(
      `${request.host}: HTTP ${response.status} on ${request.method ?? 'GET'} ${
        request.url.pathname
      }: ${message}`,
      response.status === 409 ||
      response.status === 422 ||
      // GitLab's answer to a commit whose `last_commit_id` is no longer the file's.
      (response.status === 400 && /changed since you started/.test(message))
        ? 'conflict'
        : 'refused',
    );
  }
  if (request.raw) return text as unknown as T;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new GitopsRepositoryError(
      `${request.host}: answered with something that is not JSON`,
      'refused',
    );
  }
}

/** The host did not answer (in time, or at all). */
function unavailable(host: string, error: unknown): GitopsRepositoryError {
  const name = (error as Error)?.name;
  return new GitopsRepositoryError(
    name === 'TimeoutError' || name === 'AbortError'
      ? `${host}: no answer within ${TIMEOUT_MS} ms`
      : `${host}: unreachable (${(error as Error)?.message})`,
    'unavailable',
  );
}
