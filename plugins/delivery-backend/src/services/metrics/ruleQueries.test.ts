import { RuleQuery } from '@go-delivery/plugin-delivery-common';
import {
  HttpPrometheusClient,
  PrometheusClient,
} from '@go-delivery/plugin-delivery-node';
import { RealPrometheus } from '@go-delivery/sandbox/src/prometheus';
import { MetricsRange } from './metricsRange';
import { compareLabelSets, readRuleQueries } from './ruleQueries';
import { NOW, scenarioHistory } from './__testUtils__/goldenSignalsScenario';
import {
  countingClient,
  prometheusReadsOf,
} from './__testUtils__/prometheusReads';

const range: MetricsRange = {
  start: NOW / 1000 - 3600,
  end: NOW / 1000,
  step: 60,
};

const RULES: RuleQuery[] = [
  {
    query:
      'sum by (code) (rate(http_server_request_duration_seconds_count{service="payments-api"}[5m]))',
    groupBy: 'code',
  },
  // Keeps its metric name; one series per pod generation.
  { query: 'build_info' },
  // More series than a view keeps, and a comment that must not swallow the rest of the query.
  {
    query:
      'http_server_request_duration_seconds_bucket{service="payments-api"} # every bucket',
  },
  // One label set is a prefix of the other: the tag label would sort them the other way round.
  {
    query:
      'label_replace(vector(1), "a", "1", "", "") or label_replace(label_replace(vector(2), "a", "1", "", ""), "b", "2", "", "")',
  },
  {
    query:
      'sum by (route) (rate(http_server_request_duration_seconds_count{service="payments-api-v2"}[5m]))',
    groupBy: 'route',
  },
];

describe('readRuleQueries against a real Prometheus', () => {
  let prometheus: RealPrometheus;
  let real: PrometheusClient;
  const queries: string[] = [];

  beforeAll(async () => {
    prometheus = await RealPrometheus.start({ history: scenarioHistory() });
    real = new HttpPrometheusClient({
      name: 'main',
      baseUrl: prometheus.url,
      headers: {},
      timeoutMs: 10_000,
    });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  beforeEach(() => {
    queries.length = 0;
  });

  function read(rules: RuleQuery[]) {
    const client = countingClient(real, queries);
    return readRuleQueries({
      prometheus: prometheusReadsOf([client]),
      client,
      rules,
      range,
    });
  }

  it('sends a single rule as it is', async () => {
    const [view] = await read([RULES[0]]);
    expect(queries).toEqual([RULES[0].query]);
    expect(view.series.map(s => s.label)).toEqual(['200', '404', '500']);
  });

  it('asks all rules in one query and gives each the view it gets alone', async () => {
    const alone = [];
    for (const rule of RULES) alone.push(...(await read([rule])));
    expect(queries).toHaveLength(RULES.length);
    queries.length = 0;

    const combined = await read(RULES);
    expect(queries).toHaveLength(1);
    expect(combined).toEqual(alone);
    expect(combined[1].series[0].labels.__name__).toBe('build_info');
    expect(combined[2].truncated).toBe(true);
    expect(combined[2].series).toHaveLength(20);
    expect(combined[3].series.map(s => s.labels)).toEqual([
      { a: '1' },
      { a: '1', b: '2' },
    ]);
    for (const view of combined) {
      expect(view.failure).toBeUndefined();
      for (const series of view.series)
        expect(series.labels.delivery_rule).toBeUndefined();
    }
  });

  it('gives every rule the failure when Prometheus refuses the combined query', async () => {
    const views = await read([RULES[0], { query: 'sum(rate(x[5m]' }]);
    expect(queries).toHaveLength(1);
    for (const view of views) {
      expect(view.series).toEqual([]);
      expect(view.failure).toMatchObject({
        kind: 'prometheus',
        instance: 'main',
        status: 400,
      });
    }
  });

  it('asks nothing without rules', async () => {
    expect(await read([])).toEqual([]);
    expect(queries).toEqual([]);
  });
});

describe('compareLabelSets', () => {
  it('orders as Prometheus does: label by label, then the shorter set first', () => {
    const sets: Array<Record<string, string>> = [
      { b: '1' },
      { a: '1', b: '2' },
      { a: '1' },
      { a: '2' },
      { __name__: 'up', a: '1' },
    ];
    expect([...sets].sort(compareLabelSets)).toEqual([
      { __name__: 'up', a: '1' },
      { a: '1' },
      { a: '1', b: '2' },
      { a: '2' },
      { b: '1' },
    ]);
  });
});
