import { GO_SERVICE_METRICS } from '@go-delivery/plugin-delivery-common';
import { RealPrometheus } from '@go-delivery/sandbox/src/prometheus';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { labelMatcher, promqlString, regexLiteral } from './promql';
import { UpstreamError } from '../http/UpstreamError';
import { HttpPrometheusClient, parseSampleValue } from './HttpPrometheusClient';

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;

/** Values an annotation might smuggle into a query; each must come back unchanged. */
const HOSTILE_VALUES = [
  'plain',
  '"}',
  '"} or vector(1) or {a="',
  'back\\slash',
  '\\"',
  'new\nline',
  'carriage\rreturn\ttab',
  'nul\u0000and\u001besc',
  'ünïcødé 🚀',
  "`back` 'single'",
];

interface Recorded {
  method?: string;
  path: string;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
}

describe('HttpPrometheusClient against a real Prometheus', () => {
  let prometheus: RealPrometheus;
  /** An authenticating proxy in front of Prometheus, as many installations have; it records requests. */
  let proxy: Server;
  let proxyUrl: string;
  const recorded: Recorded[] = [];

  beforeAll(async () => {
    prometheus = await RealPrometheus.start({
      history: {
        metrics: GO_SERVICE_METRICS,
        from: NOW - 30 * MINUTE,
        to: NOW,
        services: [
          {
            service: 'orders',
            baseline: {
              requestsPerSecond: 10,
              errorRatio: 0.01,
              p95Seconds: 0.2,
            },
            initialRevision: 'abc1234',
          },
        ],
      },
    });
    proxy = createServer(async (req, res) => {
      const url = new URL(req.url!, 'http://proxy');
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      recorded.push({
        method: req.method,
        path: url.pathname,
        params: Object.fromEntries(new URLSearchParams(body)),
        headers: req.headers,
      });
      if (req.headers.authorization !== 'Bearer s3cret') {
        res
          .writeHead(401, { 'content-type': 'text/plain' })
          .end('missing token');
        return;
      }
      const path = req.url!.replace(/^\/prom\//, '');
      const upstream = await fetch(new URL(path, prometheus.url), {
        method: req.method,
        headers: { 'content-type': String(req.headers['content-type']) },
        body,
      });
      res
        .writeHead(upstream.status, { 'content-type': 'application/json' })
        .end(await upstream.text());
    });
    await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/prom`;
  }, 60_000);

  afterAll(async () => {
    await new Promise(resolve => proxy?.close(resolve));
    await prometheus?.stop();
  });

  beforeEach(() => {
    recorded.length = 0;
  });

  const direct = () =>
    new HttpPrometheusClient({
      name: 'main',
      baseUrl: prometheus.url,
      headers: {},
      timeoutMs: 5000,
    });

  it('runs range queries and returns numbers per series', async () => {
    const series = await direct().queryRange({
      query:
        'sum by (service) (rate(http_server_request_duration_seconds_count[1m]))',
      start: (NOW - 10 * MINUTE) / 1000,
      end: NOW / 1000,
      step: 60,
    });
    expect(series).toHaveLength(1);
    expect(series[0].metric).toEqual({ service: 'orders' });
    expect(series[0].values).toHaveLength(11);
    expect(series[0].values[0][0]).toBe((NOW - 10 * MINUTE) / 1000);
    for (const [, value] of series[0].values) expect(value).toBeCloseTo(10, 0);
  });

  it('runs instant queries, keeping NaN and infinities as numbers', async () => {
    const [sample] = await direct().query({
      query: 'build_info',
      time: NOW / 1000,
    });
    expect(sample.metric).toMatchObject({
      __name__: 'build_info',
      commit: 'abc1234',
      service: 'orders',
    });
    expect(sample.value).toEqual([NOW / 1000, 1]);
    const special = async (query: string) =>
      (await direct().query({ query }))[0].value[1];
    expect(await special('vector(0) / 0')).toBeNaN();
    expect(await special('vector(1) / 0')).toBe(Infinity);
    expect(await special('vector(-1) / 0')).toBe(-Infinity);
    expect(parseSampleValue('0.25')).toBe(0.25);
  });

  it('writes string literals the PromQL parser reads back unchanged', async () => {
    for (const value of HOSTILE_VALUES) {
      const [sample] = await direct().query({
        query: `label_replace(vector(1), "x", ${promqlString(value)}, "", "")`,
      });
      expect(sample.metric.x).toBe(value);
    }
  });

  it('writes matchers that match exactly the value, never more', async () => {
    const matches = async (actual: string, wanted: string[]) => {
      const matcher = labelMatcher('service', wanted);
      // label_replace marks the series only when its regex matches the whole value, as =~ does.
      const regex = matcher.startsWith('service=~')
        ? matcher.slice('service=~'.length)
        : promqlString(regexLiteral(wanted[0]));
      const labelled = `label_replace(vector(1), "service", ${promqlString(
        actual,
      )}, "", "")`;
      const [sample] = await direct().query({
        query: `label_replace(${labelled}, "hit", "yes", "service", ${regex})`,
      });
      return sample.metric.hit === 'yes';
    };
    expect(await matches('a.b', ['a.b', 'a.b-canary'])).toBe(true);
    expect(await matches('a.b-canary', ['a.b', 'a.b-canary'])).toBe(true);
    expect(await matches('axb', ['a.b', 'a.b-canary'])).toBe(false);
    expect(await matches('a.b-canary-2', ['a.b', 'a.b-canary'])).toBe(false);
    expect(await matches('x', ['.*', 'y'])).toBe(false);
    for (const value of HOSTILE_VALUES.filter(v => !v.includes('\u0000'))) {
      expect(await matches(value, [value, 'other'])).toBe(true);
    }
    // And the selector the service builds is accepted by the parser.
    await expect(
      direct().query({
        query: `build_info{${labelMatcher('service', ['"}', 'x\\'])}}`,
      }),
    ).resolves.toEqual([]);
  });

  it('sends the configured headers and the evaluation timeout, through a path prefix', async () => {
    const client = new HttpPrometheusClient({
      name: 'behind-proxy',
      baseUrl: proxyUrl,
      headers: { authorization: 'Bearer s3cret', 'x-scope-orgid': 'team-a' },
      timeoutMs: 4000,
    });
    await client.queryRange({ query: 'up', start: 1000, end: 1060, step: 15 });
    await client.query({ query: 'vector(1)', time: 1234.5 });
    expect(recorded.map(r => [r.method, r.path, r.params])).toEqual([
      [
        'POST',
        '/prom/api/v1/query_range',
        { query: 'up', start: '1000', end: '1060', step: '15', timeout: '4s' },
      ],
      [
        'POST',
        '/prom/api/v1/query',
        { query: 'vector(1)', time: '1234.5', timeout: '4s' },
      ],
    ]);
    expect(recorded[0].headers).toMatchObject({
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'Bearer s3cret',
      'x-scope-orgid': 'team-a',
    });
  });

  it('turns refusals and query errors into typed failures naming the instance', async () => {
    const unauthorized = new HttpPrometheusClient({
      name: 'behind-proxy',
      baseUrl: proxyUrl,
      headers: {},
      timeoutMs: 4000,
    });
    await expect(unauthorized.query({ query: 'up' })).rejects.toMatchObject({
      failure: {
        kind: 'prometheus',
        instance: 'behind-proxy',
        reason: 'unauthorized',
        status: 401,
        message: "Prometheus 'behind-proxy': HTTP 401: missing token",
      },
    });
    const error: UpstreamError = await direct()
      .queryRange({ query: 'sum(', start: 0, end: 60, step: 15 })
      .catch(e => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.failure).toMatchObject({
      kind: 'prometheus',
      instance: 'main',
      reason: 'upstream-error',
      status: 400,
    });
    expect(error.failure.message).toMatch(
      /^Prometheus 'main': HTTP 400: 1:5: parse error/,
    );
    // A scalar is not what an instant query of this client promises.
    await expect(direct().query({ query: '1' })).rejects.toMatchObject({
      failure: {
        reason: 'bad-response',
        message:
          "Prometheus 'main': answered with a scalar result, not a vector",
      },
    });
  });
});
