import {
  goldenSignalQueries,
  requestCountQuery,
  selectorOf,
} from './goldenSignalQueries';

describe('goldenSignalQueries', () => {
  it('builds the preset from the metrics contract, one series per track', () => {
    expect(
      goldenSignalQueries(
        { service: 'payments-api', includeCanary: true, perTrack: true },
        75,
      ),
    ).toEqual({
      requestRate:
        'sum by (service) (rate(http_server_request_duration_seconds_count{service=~"payments-api|payments-api-canary"}[75s]))',
      errorRate:
        '(sum by (service) (rate(http_server_request_duration_seconds_count{service=~"payments-api|payments-api-canary",code=~"5.."}[75s]))' +
        ' or sum by (service) (rate(http_server_request_duration_seconds_count{service=~"payments-api|payments-api-canary"}[75s])) * 0)' +
        ' / sum by (service) (rate(http_server_request_duration_seconds_count{service=~"payments-api|payments-api-canary"}[75s]))',
      p95Latency:
        'histogram_quantile(0.95, sum by (service, le) (rate(http_server_request_duration_seconds_bucket{service=~"payments-api|payments-api-canary"}[75s])))',
    });
  });

  it('sums the tracks for verdicts and selects one service without a canary', () => {
    const queries = goldenSignalQueries(
      { service: 'orders', includeCanary: false, perTrack: false },
      1800,
    );
    expect(queries.requestRate).toBe(
      'sum(rate(http_server_request_duration_seconds_count{service="orders"}[1800s]))',
    );
    expect(queries.p95Latency).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="orders"}[1800s])))',
    );
    expect(
      requestCountQuery(
        { service: 'orders', includeCanary: false, perTrack: false },
        1800,
      ),
    ).toBe(
      'sum(increase(http_server_request_duration_seconds_count{service="orders"}[1800s]))',
    );
  });

  it('escapes the service even though it was validated before', () => {
    const { requestRate } = goldenSignalQueries(
      { service: 'x"}) or vector(1', includeCanary: false, perTrack: false },
      60,
    );
    expect(requestRate).toBe(
      'sum(rate(http_server_request_duration_seconds_count{service="x\\"}) or vector(1"}[60s]))',
    );
  });
});

describe('windows pinned to a moment', () => {
  it('puts the @ modifier on every selector', () => {
    const selection = {
      service: 'orders',
      includeCanary: false,
      perTrack: false,
    };
    const { errorRate, p95Latency } = goldenSignalQueries(selection, 600, {
      at: 1700000000,
    });
    expect(errorRate.match(/\[600s\] @ 1700000000\)/g)).toHaveLength(3);
    expect(p95Latency).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="orders"}[600s] @ 1700000000)))',
    );
    expect(requestCountQuery(selection, 600, { at: 1700000000.25 })).toBe(
      'sum(increase(http_server_request_duration_seconds_count{service="orders"}[600s] @ 1700000000.25))',
    );
  });
});

describe('one namespace of the service', () => {
  it('adds an escaped namespace matcher to every selector', () => {
    const selection = {
      service: 'payments-api',
      includeCanary: true,
      perTrack: false,
      namespace: 'payments-staging',
    };
    const { requestRate, errorRate, p95Latency } = goldenSignalQueries(
      selection,
      60,
    );
    const services = 'service=~"payments-api|payments-api-canary"';
    expect(requestRate).toBe(
      `sum(rate(http_server_request_duration_seconds_count{${services},namespace="payments-staging"}[60s]))`,
    );
    expect(errorRate.match(/namespace="payments-staging"/g)).toHaveLength(3);
    expect(errorRate).toContain(
      `{${services},namespace="payments-staging",code=~"5.."}`,
    );
    expect(p95Latency).toContain(`{${services},namespace="payments-staging"}`);
    expect(requestCountQuery(selection, 60)).toBe(
      `sum(increase(http_server_request_duration_seconds_count{${services},namespace="payments-staging"}[60s]))`,
    );
  });

  it('escapes the namespace', () => {
    expect(
      selectorOf({
        service: 'orders',
        includeCanary: false,
        perTrack: false,
        namespace: 'x"} or vector(1',
      }),
    ).toBe('{service="orders",namespace="x\\"} or vector(1"}');
  });
});
