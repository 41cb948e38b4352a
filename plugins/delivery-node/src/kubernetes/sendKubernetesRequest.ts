import { KubeConfig } from '@kubernetes/client-node';
import { UpstreamFailureReason } from '@go-delivery/plugin-delivery-common';
import * as http from 'node:http';
import * as https from 'node:https';
import { KubernetesApiError } from './KubernetesApiError';

export interface KubernetesHttpRequest {
  cluster: string;
  kubeConfig: KubeConfig;
  /** Absolute URL, built by the client from the cluster's server and validated names. */
  url: URL;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  accept: string;
  contentType?: string;
  body?: string;
  timeoutMs: number;
  /** Answers longer than this fail, or are cut when `truncate` is set. */
  maxBytes: number;
  truncate?: boolean;
  /**
   * The cluster's keep-alive agent, so requests reuse connections instead of a TLS handshake
   * each (the kubeconfig builds a new agent per call). Unset for clusters behind a proxy, whose
   * agent comes from the kubeconfig.
   */
  agent?: http.Agent;
}

export interface KubernetesHttpResponse {
  status: number;
  contentType: string;
  body: Buffer;
  truncated: boolean;
}

const TLS_CODES =
  /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_TLS_|ERR_SSL_)/;

function networkDetail(error: unknown): string {
  const { code, message } = (error ?? {}) as {
    code?: string;
    message?: string;
  };
  if (code && TLS_CODES.test(code))
    return `TLS handshake failed: ${code} (${message})`;
  if (code) return `unreachable: ${code}${message ? ` (${message})` : ''}`;
  return `unreachable: ${message ?? String(error)}`;
}

function reasonForStatus(status: number): UpstreamFailureReason {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  return 'upstream-error';
}

/** Rejects with the signal's reason when it aborts first; used around authentication. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A reused keep-alive socket turned out closed before any answer came. */
class StaleConnectionError extends Error {
  constructor(readonly cause: KubernetesApiError) {
    super(cause.message);
  }
}

/**
 * Sends one request to a cluster. Authentication, CA and client certificates come from the
 * cluster's `KubeConfig` (`applyToHTTPSOptions`: tokens, token files, exec plugins, proxies); the
 * HTTP exchange itself is ours so that one `AbortSignal` bounds all of it (authentication,
 * connect, headers and body), answers are size-capped while streaming, and the exact method,
 * content type and body are under our control. Every failure is a {@link KubernetesApiError}.
 */
export async function sendKubernetesRequest(
  request: KubernetesHttpRequest,
): Promise<KubernetesHttpResponse> {
  const { cluster, timeoutMs } = request;
  const fail = (
    reason: UpstreamFailureReason,
    detail: string,
    status?: number,
  ) => new KubernetesApiError({ cluster, reason, detail, status });
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = (stage: string) =>
    fail('timeout', `${stage} within ${timeoutMs} ms`);

  const options: https.RequestOptions = {
    method: request.method,
    headers: {
      accept: request.accept,
      'user-agent': 'backstage-plugin-delivery',
      ...(request.contentType ? { 'content-type': request.contentType } : {}),
      ...(request.body !== undefined
        ? { 'content-length': String(Buffer.byteLength(request.body)) }
        : {}),
    },
  };
  try {
    await raceSignal(request.kubeConfig.applyToHTTPSOptions(options), signal);
  } catch (error) {
    if (signal.aborted) throw timedOut('no credentials');
    throw fail(
      'unauthorized',
      `could not get credentials: ${(error as Error).message}`,
    );
  }

  const send = () => exchange({ request, options, signal, fail, timedOut });
  try {
    return await send();
  } catch (error) {
    // A kept-alive connection the server closed just as it was reused: Node's advice is to
    // retry once, which is safe for reads only.
    if (error instanceof StaleConnectionError && request.method === 'GET') {
      return send();
    }
    if (error instanceof StaleConnectionError) throw error.cause;
    throw error;
  }
}

function exchange(context: {
  request: KubernetesHttpRequest;
  options: https.RequestOptions;
  signal: AbortSignal;
  fail: (
    reason: UpstreamFailureReason,
    detail: string,
    status?: number,
  ) => KubernetesApiError;
  timedOut: (stage: string) => KubernetesApiError;
}): Promise<KubernetesHttpResponse> {
  const { request, options, signal, fail, timedOut } = context;
  const { url } = request;
  return new Promise<KubernetesHttpResponse>((resolve, reject) => {
    let answered = false;
    const transport = url.protocol === 'https:' ? https : http;
    const agent = request.agent ?? options.agent;
    const req = transport.request(url, { ...options, agent, signal }, res => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on('data', (chunk: Buffer) => {
        if (truncated) return;
        if (size + chunk.length > request.maxBytes) {
          if (!request.truncate) {
            req.destroy();
            reject(
              fail(
                'bad-response',
                `answer is larger than ${request.maxBytes} bytes`,
                res.statusCode,
              ),
            );
            return;
          }
          chunks.push(chunk.subarray(0, request.maxBytes - size));
          size = request.maxBytes;
          truncated = true;
          // Enough read: stop the transfer instead of draining a huge log.
          req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
            truncated,
          });
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks),
          truncated,
        }),
      );
      res.on('error', error =>
        reject(
          signal.aborted
            ? timedOut('no complete answer')
            : fail(
                'unreachable',
                `connection broke: ${(error as Error).message}`,
              ),
        ),
      );
    });
    req.on('error', error => {
      if (signal.aborted) {
        reject(timedOut(answered ? 'no complete answer' : 'no answer'));
        return;
      }
      const failure = fail('unreachable', networkDetail(error));
      const stale =
        !answered &&
        req.reusedSocket &&
        (error as { code?: string }).code === 'ECONNRESET';
      reject(stale ? new StaleConnectionError(failure) : failure);
    });
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

/** Turns a non-2xx answer into an error carrying the `Status` message and reason. */
export function errorForStatus(
  cluster: string,
  response: KubernetesHttpResponse,
): KubernetesApiError {
  const text = response.body.toString('utf8');
  // Not every answer is a Status: an unknown path gets a plain-text `404 page not found\n`.
  let message = text.slice(0, 300).trim();
  let statusInfo: KubernetesApiError['statusInfo'] = {};
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed.message === 'string') message = parsed.message;
    statusInfo = {
      reason: typeof parsed?.reason === 'string' ? parsed.reason : undefined,
      details: typeof parsed?.details === 'object' ? parsed.details : undefined,
    };
  } catch {
    // not a Status object: keep the start of the raw text
  }
  return new KubernetesApiError({
    cluster,
    reason: reasonForStatus(response.status),
    detail: `HTTP ${response.status}: ${message || 'no message'}`,
    status: response.status,
    statusInfo,
  });
}
