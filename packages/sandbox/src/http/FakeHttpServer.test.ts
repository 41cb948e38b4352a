import { ServerResponse } from 'node:http';
import { bearerToken } from './bearerToken';
import {
  ErrorAnswer,
  FakeHttpRequest,
  FakeHttpServer,
  FakeHttpServerOptions,
} from './FakeHttpServer';

class Refusal extends Error {}

/** Echoes what it was handed; `/fail` and `/refuse` throw, `/me` needs the bearer token `t`. */
class EchoServer extends FakeHttpServer {
  readonly handled: FakeHttpRequest[] = [];

  static start(options: FakeHttpServerOptions = {}): Promise<EchoServer> {
    return new EchoServer(options).listen();
  }

  protected handle(request: FakeHttpRequest, res: ServerResponse): void {
    this.handled.push(request);
    if (request.path === '/fail') throw new Error('broken');
    if (request.path === '/refuse') throw new Refusal('no');
    if (
      request.path === '/me' &&
      bearerToken(request.headers.authorization) !== 't'
    )
      throw new Refusal('who?');
    this.sendJson(res, 200, { text: request.text, body: request.body });
  }

  protected errorAnswer(error: unknown): ErrorAnswer {
    if (error instanceof Refusal)
      return { status: 403, body: { refused: error.message } };
    return { status: 500, body: { failed: String(error) } };
  }
}

describe('FakeHttpServer', () => {
  let server: EchoServer;

  beforeEach(async () => {
    server = await EchoServer.start({ maxBodyBytes: 64 });
  });

  afterEach(async () => {
    await server.stop();
  });

  async function call(path: string, init: RequestInit = {}) {
    const res = await fetch(`${server.url}${path}`, init);
    return { status: res.status, body: await res.json() };
  }

  it('listens on a free loopback port and stops, also twice', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
    expect((await call('/')).status).toBe(200);
    await server.stop();
    await server.stop();
    await expect(fetch(`${server.url}/`)).rejects.toThrow();
  });

  it('appends the url path it was given', async () => {
    const slashed = await EchoServer.start({ urlPath: '/' });
    try {
      expect(slashed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      await slashed.stop();
    }
  });

  it('records every request, with only the parts it had', async () => {
    await call('/a/b%2Fc?x=1&x=2&y=', {
      method: 'POST',
      headers: {
        authorization: 'Bearer t',
        'content-type': 'application/json',
      },
      body: '{"a":1}',
    });
    await call('/plain', { method: 'PUT', body: 'not json' });
    await call('/');
    expect(server.requests).toEqual([
      {
        method: 'POST',
        path: '/a/b%2Fc',
        query: { x: ['1', '2'], y: [''] },
        authorization: 'Bearer t',
        body: { a: 1 },
        contentType: 'application/json',
      },
      {
        method: 'PUT',
        path: '/plain',
        query: {},
        body: 'not json',
        contentType: 'text/plain;charset=UTF-8',
      },
      { method: 'GET', path: '/', query: {} },
    ]);
    expect(Object.keys(server.requests[2])).toEqual([
      'method',
      'path',
      'query',
    ]);
    server.clearRequests();
    expect(server.requests).toEqual([]);
  });

  it('hands the handler the raw text beside the parsed body', async () => {
    expect((await call('/', { method: 'POST', body: '[1, 2]' })).body).toEqual({
      text: '[1, 2]',
      body: [1, 2],
    });
    expect((await call('/')).body).toEqual({ text: '' });
    expect(server.handled[1].body).toBeUndefined();
  });

  it('refuses a body over the cap with 413, records it without the body and stays usable', async () => {
    const res = await call('/', { method: 'POST', body: 'x'.repeat(65) });
    expect(res).toEqual({
      status: 413,
      body: { message: 'request body too large: limit is 64 bytes' },
    });
    expect(server.handled).toHaveLength(0);
    expect(server.requests).toEqual([
      {
        method: 'POST',
        path: '/',
        query: {},
        contentType: 'text/plain;charset=UTF-8',
      },
    ]);
    expect(
      (await call('/', { method: 'POST', body: 'x'.repeat(64) })).status,
    ).toBe(200);
  });

  it('answers errors the handler throws in the shape the subclass gives them', async () => {
    expect(await call('/refuse')).toEqual({
      status: 403,
      body: { refused: 'no' },
    });
    expect(await call('/fail')).toEqual({
      status: 500,
      body: { failed: 'Error: broken' },
    });
  });

  it('checks bearer tokens through the helper', async () => {
    expect((await call('/me')).status).toBe(403);
    expect(
      (await call('/me', { headers: { authorization: 'Basic t' } })).status,
    ).toBe(403);
    expect(
      (await call('/me', { headers: { authorization: 'Bearer t' } })).status,
    ).toBe(200);
    expect(bearerToken('Bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken('bearer t')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('delays answers by the latency it starts with or is given later', async () => {
    server.setLatency(150);
    let started = Date.now();
    await call('/');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const slow = await EchoServer.start({ latencyMs: 150 });
    try {
      started = Date.now();
      await fetch(`${slow.url}/`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await slow.stop();
    }
  });
});
