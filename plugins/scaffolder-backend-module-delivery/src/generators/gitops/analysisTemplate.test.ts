import { GO_SERVICE_METRICS } from '@go-delivery/plugin-delivery-common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  analysisTemplate,
  MAX_ERROR_RATE,
  MAX_P95_LATENCY_SECONDS,
} from './analysisTemplate';
import { toYaml } from './manifest';
import { rollout } from './rollout';
import { exampleSpec } from './__testUtils__/specs';
import { runTool } from './__testUtils__/tools';

/**
 * The analysis queries evaluated by Prometheus itself (`promtool test rules`) on synthetic
 * series shaped like the Go service's metrics, with the arguments the Rollout passes.
 */
const spec = exampleSpec({ name: 'shop' });
const template = analysisTemplate(spec) as any;
const rolloutArgs = (rollout(spec) as any).spec.strategy.canary.analysis.args;
const NAMESPACE = 'shop-prod';
const CANARY = rolloutArgs.find((a: any) => a.name === 'service').value;
const { requestDuration, serviceLabel, labels } = GO_SERVICE_METRICS;

/** What Argo Rollouts does before querying: substitute `{{args.*}}`. */
function resolvedQuery(metric: string): string {
  const { query } = template.spec.metrics.find((m: any) => m.name === metric)
    .provider.prometheus;
  return query
    .replaceAll('{{args.service}}', CANARY)
    .replaceAll('{{args.namespace}}', NAMESPACE);
}

interface Series {
  service?: string;
  namespace?: string;
  code?: string;
  le?: string;
  suffix: '_count' | '_bucket';
  /** Requests per minute, over 10 minutes. */
  perMinute: number;
}

function inputSeries(series: Series[]) {
  return series.map(s => {
    const seriesLabels = [
      `${serviceLabel}="${s.service ?? CANARY}"`,
      `namespace="${s.namespace ?? NAMESPACE}"`,
      `${labels.route}="/orders"`,
      `${labels.method}="GET"`,
      ...(s.code ? [`${labels.code}="${s.code}"`] : [`${labels.code}="200"`]),
      ...(s.le ? [`le="${s.le}"`] : []),
    ];
    return {
      series: `${requestDuration}${s.suffix}{${seriesLabels.join(',')}}`,
      values: `0+${s.perMinute}x10`,
    };
  });
}

/** What promtool answers when the query evaluated to the expected value. */
const EVALUATES_AS_EXPECTED = {
  status: 0,
  output: expect.stringContaining('SUCCESS'),
};

/** Has promtool check that the metric's query evaluates to `expected` (rounded). */
function checkQueryValue(options: {
  metric: string;
  series: Series[];
  expected: number;
}): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  try {
    const file = join(dir, 'test.yaml');
    writeFileSync(
      file,
      toYaml({
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: inputSeries(options.series),
            promql_expr_test: [
              {
                expr: `round(${resolvedQuery(options.metric)}, 0.0001)`,
                eval_time: '10m',
                exp_samples: [{ labels: '{}', value: options.expected }],
              },
            ],
          },
        ],
      }),
    );
    return runTool('promtool', ['test', 'rules', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Mirrors the template's conditions: failed when above the threshold. */
function fails(metric: string, value: number): boolean {
  const { failureCondition } = template.spec.metrics.find(
    (m: any) => m.name === metric,
  );
  const [, threshold] = /^result\[0\] > ([\d.]+)$/.exec(failureCondition)!;
  return value > Number(threshold);
}

describe('the canary analysis queries, evaluated by Prometheus', () => {
  it('measures the share of 5xx answers of the canary', () => {
    expect(
      checkQueryValue({
        metric: 'error-rate',
        series: [
          { suffix: '_count', code: '200', perMinute: 80 },
          { suffix: '_count', code: '503', perMinute: 20 },
        ],
        expected: 0.2,
      }),
    ).toEqual(EVALUATES_AS_EXPECTED);
    expect(fails('error-rate', 0.2)).toBe(true);
    expect(fails('error-rate', MAX_ERROR_RATE)).toBe(false);
  });

  it('ignores the stable Service and other namespaces', () => {
    expect(
      checkQueryValue({
        metric: 'error-rate',
        series: [
          { suffix: '_count', code: '200', perMinute: 99 },
          { suffix: '_count', code: '500', perMinute: 1 },
          { suffix: '_count', service: 'shop', code: '500', perMinute: 500 },
          {
            suffix: '_count',
            namespace: 'shop-dev',
            code: '500',
            perMinute: 500,
          },
        ],
        expected: 0.01,
      }),
    ).toEqual(EVALUATES_AS_EXPECTED);
  });

  it('reads an idle or unscraped canary as healthy, not as an error', () => {
    expect(
      checkQueryValue({ metric: 'error-rate', series: [], expected: 0 }),
    ).toEqual(EVALUATES_AS_EXPECTED);
    expect(
      checkQueryValue({
        metric: 'error-rate',
        series: [{ suffix: '_count', code: '200', perMinute: 0 }],
        expected: 0,
      }),
    ).toEqual(EVALUATES_AS_EXPECTED);
    expect(
      checkQueryValue({
        metric: 'p95-latency',
        series: [{ suffix: '_bucket', le: '+Inf', perMinute: 0 }],
        expected: 0,
      }),
    ).toEqual(EVALUATES_AS_EXPECTED);
    expect(
      checkQueryValue({ metric: 'p95-latency', series: [], expected: 0 }),
    ).toEqual(EVALUATES_AS_EXPECTED);
  });

  it('measures the p95 latency from the histogram buckets', () => {
    // Every request between 0.5 s and 1 s: p95 interpolates to 0.975 s.
    const slow: Series[] = [
      { suffix: '_bucket', le: '0.1', perMinute: 0 },
      { suffix: '_bucket', le: '0.5', perMinute: 0 },
      { suffix: '_bucket', le: '1', perMinute: 60 },
      { suffix: '_bucket', le: '+Inf', perMinute: 60 },
    ];
    expect(
      checkQueryValue({ metric: 'p95-latency', series: slow, expected: 0.975 }),
    ).toEqual(EVALUATES_AS_EXPECTED);
    expect(fails('p95-latency', 0.975)).toBe(true);

    // Every request under 0.1 s: p95 is 0.095 s.
    const fast: Series[] = [
      { suffix: '_bucket', le: '0.1', perMinute: 60 },
      { suffix: '_bucket', le: '0.5', perMinute: 60 },
      { suffix: '_bucket', le: '1', perMinute: 60 },
      { suffix: '_bucket', le: '+Inf', perMinute: 60 },
    ];
    expect(
      checkQueryValue({ metric: 'p95-latency', series: fast, expected: 0.095 }),
    ).toEqual(EVALUATES_AS_EXPECTED);
    expect(fails('p95-latency', 0.095)).toBe(false);
    expect(fails('p95-latency', MAX_P95_LATENCY_SECONDS)).toBe(false);
  });
});
