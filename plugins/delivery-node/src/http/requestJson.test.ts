import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { requestJson } from './requestJson';
import { UpstreamError } from './UpstreamError';

const CAP = 8 * 1024;

/** One answer per request, written by the test; resolves `closed` when its connection goes. */
async function startServer(
  answer: (res: ServerResponse, req: IncomingMessage) => void,
): Promise<{ url: URL; server: Server; closed: Promise<void> }> {
  let onClose = () => {};
  const closed = new Promise<void>(resolve => {
    onClose = resolve;
  });
  const server = createServer((req, res) => {
    res.on('close', onClose);
    answer(res, req);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}/api`), server, closed };
}

/** Rejects when `promise` takes longer than `ms`, naming what was awaited. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms),
    ),
  ]);
}

const call = (url: URL) =>
  requestJson({
    kind: 'prometheus',
    instance: 'main',
    url,
    timeoutMs: 5000,
    maxResponseBytes: CAP,
  });

describe('requestJson', () => {
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise(r => server?.close(r) ?? r(undefined));
    server = undefined;
  });

  it('stops reading a chunked answer without Content-Length once it passes the cap, and drops the connection', async () => {
    let written = 0;
    const fake = await startServer(res => {
      // Chunked (no Content-Length) and endless: only the client can end it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const timer = setInterval(() => {
        const chunk = `${'"x",'.repeat(256)}`;
        written += chunk.length;
        res.write(chunk);
      }, 2);
      res.on('close', () => clearInterval(timer));
    });
    server = fake.server;
    const error = (await call(fake.url).catch(e => e)) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.failure).toEqual({
      kind: 'prometheus',
      instance: 'main',
      reason: 'bad-response',
      status: 200,
      message: `Prometheus 'main': answer is larger than ${CAP} bytes`,
    });
    await within(fake.closed, 2000, 'the connection was not released');
    const afterClose = written;
    await new Promise(r => setTimeout(r, 50));
    expect(written).toBe(afterClose);
    expect(written).toBeLessThan(CAP * 16);
  });

  it('refuses an answer whose Content-Length is over the cap without reading it', async () => {
    const fake = await startServer(res => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(CAP * 4),
      });
      res.write('"');
      // The rest never comes: the client must not wait for it.
    });
    server = fake.server;
    await expect(call(fake.url)).rejects.toMatchObject({
      failure: {
        reason: 'bad-response',
        message: expect.stringContaining(`larger than ${CAP} bytes`),
      },
    });
    await within(fake.closed, 2000, 'the connection was not released');
  });

  it('caps error answers the same way', async () => {
    const fake = await startServer(res => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('e'.repeat(CAP + 1));
    });
    server = fake.server;
    await expect(call(fake.url)).rejects.toMatchObject({
      failure: { reason: 'bad-response', status: 500 },
    });
  });

  it('reads an answer of exactly the cap, counted in bytes', async () => {
    // Two bytes per character in UTF-8: the cap is about bytes, not characters.
    const text = JSON.stringify('é'.repeat((CAP - 2) / 2));
    expect(Buffer.byteLength(text)).toBe(CAP);
    const fake = await startServer(res => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(text.slice(0, 100));
      res.end(text.slice(100));
    });
    server = fake.server;
    expect(await call(fake.url)).toBe(JSON.parse(text));
  });
});
