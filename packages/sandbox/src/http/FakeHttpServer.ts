import {
  createServer as createHttpServer,
  IncomingHttpHeaders,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { BodyTooLargeError, readBody } from './readBody';

/** One request as a fake server saw it, for tests and the benchmark to assert on. */
export interface RecordedRequest {
  method: string;
  /** The path as sent (still percent-encoded). */
  path: string;
  query: Record<string, string[]>;
  authorization?: string;
  /** Parsed JSON when the body is JSON, the raw text otherwise. */
  body?: unknown;
  /** The request's Content-Type header, when it had one. */
  contentType?: string;
}

/** A request as handed to a fake's API logic: the recorded parts plus the raw text. */
export interface FakeHttpRequest {
  method: string;
  /** The path as sent (still percent-encoded). */
  path: string;
  query: Record<string, string[]>;
  headers: IncomingHttpHeaders;
  /** The body as text; empty when the request had none. */
  text: string;
  /** Parsed JSON when the body is JSON, the raw text otherwise; absent without a body. */
  body?: unknown;
}

/** What an error thrown by a fake's API logic is answered with. */
export interface ErrorAnswer {
  status: number;
  body: unknown;
}

export interface FakeHttpServerOptions {
  /** Delay added before every answer. */
  latencyMs?: number;
  /** A fixed port; a free one when absent. */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string; cert: string };
  /** Largest request body read; a larger one is answered 413. @default 4 MiB */
  maxBodyBytes?: number;
  /** Appended to the origin to make `url`, for clients that expect a path or a trailing slash. */
  urlPath?: string;
}

const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The scaffolding of a fake upstream over real HTTP(S): listening and stopping, recording every
 * request, injected latency, bounded body reading and JSON answers. A subclass keeps only its
 * API: it answers requests in {@link FakeHttpServer.handle} and shapes its errors in
 * {@link FakeHttpServer.errorAnswer}.
 */
export abstract class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private latencyMs: number;
  private server?: Server;
  private origin = '';

  protected constructor(private readonly serverOptions: FakeHttpServerOptions) {
    this.latencyMs = serverOptions.latencyMs ?? 0;
  }

  /** Where the fake listens: `http(s)://host:port` plus the `urlPath` it was given. */
  get url(): string {
    return `${this.origin}${this.serverOptions.urlPath ?? ''}`;
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>(resolve => {
      // Kept-alive client connections would otherwise hold `close` open.
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  }

  /** Answers one request; errors it throws are answered through {@link FakeHttpServer.errorAnswer}. */
  protected abstract handle(
    request: FakeHttpRequest,
    res: ServerResponse,
  ): void | Promise<void>;

  /** The status and JSON body, in the upstream's own error shape, for an error `handle` threw. */
  protected abstract errorAnswer(error: unknown): ErrorAnswer;

  /** Starts listening; resolves to the fake itself so that `start` can end with it. */
  protected async listen(): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.respond(req, res).catch(error => {
        const { status, body } = this.errorAnswer(error);
        this.sendJson(res, status, body);
      });
    };
    const { tls } = this.serverOptions;
    const server = tls
      ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler)
      : createHttpServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(
        this.serverOptions.port ?? 0,
        this.serverOptions.host ?? '127.0.0.1',
        () => resolve(),
      );
    });
    this.server = server;
    const { address, port } = server.address() as AddressInfo;
    this.origin = `${tls ? 'https' : 'http'}://${address}:${port}`;
    return this;
  }

  protected sendJson(res: ServerResponse, status: number, body: unknown): void {
    // A handler may have answered already before it failed.
    if (res.headersSent) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  private async respond(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams)
      (query[key] ??= []).push(value);
    const read = await readBody(req, {
      maxBytes: this.serverOptions.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    }).catch(error => {
      if (error instanceof BodyTooLargeError) return error;
      throw error;
    });
    const { text, parsed } =
      read instanceof BodyTooLargeError ? { text: '' } : read;
    const request: FakeHttpRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      headers: req.headers,
      text,
      ...(parsed !== undefined ? { body: parsed } : {}),
    };
    this.record(request);
    if (this.latencyMs > 0)
      await new Promise(r => setTimeout(r, this.latencyMs));
    if (read instanceof BodyTooLargeError) {
      // Answered here in a neutral shape: no client under test sends such bodies on purpose.
      this.sendJson(res, 413, { message: read.message });
      return;
    }
    await this.handle(request, res);
  }

  private record(request: FakeHttpRequest): void {
    const { authorization, 'content-type': contentType } = request.headers;
    this.requests.push({
      method: request.method,
      path: request.path,
      query: request.query,
      ...(authorization ? { authorization } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(contentType ? { contentType } : {}),
    });
  }
}
