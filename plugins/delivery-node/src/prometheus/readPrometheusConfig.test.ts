import { ConfigReader } from '@backstage/config';
import { readPrometheusConfig } from './readPrometheusConfig';

const read = (prometheus: object | undefined) =>
  readPrometheusConfig(
    new ConfigReader(prometheus ? { delivery: { prometheus } } : {}),
  );

describe('readPrometheusConfig', () => {
  it('reads instances with token, headers and timeouts', () => {
    expect(
      read({
        timeoutMs: 3000,
        scrapeIntervalSeconds: 30,
        instances: [
          {
            name: 'prod',
            url: 'https://prom.example.com/prometheus',
            token: 't0k',
            webUrl: 'https://prom.example.com/ui',
          },
          {
            name: 'dr',
            url: 'http://10.0.0.1:9090/',
            headers: { 'X-Scope-OrgID': 'team-a' },
            timeoutMs: 800,
          },
        ],
      }),
    ).toEqual({
      instances: [
        {
          name: 'prod',
          url: 'https://prom.example.com/prometheus/',
          webUrl: 'https://prom.example.com/ui/',
          headers: { authorization: 'Bearer t0k' },
          timeoutMs: 3000,
        },
        {
          name: 'dr',
          url: 'http://10.0.0.1:9090/',
          webUrl: undefined,
          headers: { 'x-scope-orgid': 'team-a' },
          timeoutMs: 800,
        },
      ],
      scrapeIntervalSeconds: 30,
    });
  });

  it('has defaults for everything but the instances', () => {
    expect(read(undefined)).toEqual({
      instances: [],
      scrapeIntervalSeconds: 15,
    });
  });

  it.each([
    [{ instances: [{ name: 'a b', url: 'http://x' }] }, /name 'a b' must be/],
    [
      { instances: [{ name: 'a', url: 'file:///etc/passwd' }] },
      /must be an http\(s\) URL/,
    ],
    [
      { instances: [{ name: 'a', url: 'not a url' }] },
      /Invalid URL in url: 'not a url'/,
    ],
    [
      {
        instances: [
          { name: 'a', url: 'http://x' },
          { name: 'a', url: 'http://y' },
        ],
      },
      /'a' is used twice/,
    ],
    [
      {
        instances: [
          { name: 'a', url: 'http://x', headers: { 'bad header': 'x' } },
        ],
      },
      /not a header name/,
    ],
    [
      { instances: [{ name: 'a', url: 'http://x', timeoutMs: 0 }] },
      /instances\[0\]\.timeoutMs must be a positive number/,
    ],
  ])('refuses %j at startup', (config, message) => {
    expect(() => read(config)).toThrow(message);
  });
});
