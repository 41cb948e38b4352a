import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { exampleSpec } from './__testUtils__/specs';
import { runTool, writeToTempDir } from './__testUtils__/tools';
import { generateGitOps, gitopsRoot } from '.';

const REQUESTS = 'http_server_request_duration_seconds_count';

/** One minute-by-minute counter of the service's requests with this status code. */
function series(service: string, code: string, perMinute: number): object {
  return {
    series: `${REQUESTS}{service="${service}",code="${code}",route="/orders",method="GET"}`,
    values: `0+${perMinute}x240`,
  };
}

describe('the error-budget rules of the generated GitOps folder', () => {
  const spec = exampleSpec({ availabilityObjective: 99.5 });
  const files = generateGitOps(spec);
  const path = `${gitopsRoot(spec)}/monitoring/slo-rules.yaml`;
  const rules = files.find(f => f.path === path)!;
  let dir: string;

  beforeAll(() => {
    dir = writeToTempDir(
      [{ path: 'slo-rules.yaml', content: rules.content }],
      'slo-',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are valid Prometheus rules', () => {
    const result = runTool('promtool', [
      'check',
      'rules',
      join(dir, 'slo-rules.yaml'),
    ]);
    expect(result.output).toContain('SUCCESS: 11 rules found');
    expect(result.status).toBe(0);
  });

  it('follow the objective: a 0.5 % budget', () => {
    const alerts = parse(rules.content).groups[1].rules;
    expect(
      alerts.map((a: any) => [a.labels.severity, a.labels.long_window]),
    ).toEqual([
      ['page', '1h'],
      ['page', '6h'],
      ['ticket', '1d'],
      ['ticket', '3d'],
    ]);
    expect(alerts[0].expr).toContain('> (14.4 * 0.005)');
  });

  it('page on a fast burn, open tickets on a slow one, and stay quiet on a healthy or idle service (promtool test rules)', () => {
    const service = spec.name;
    const alertLabels = (severity: string, longWindow: string) => ({
      service,
      slo: 'availability',
      severity,
      long_window: longWindow,
    });
    // promtool compares annotations too: they are the rule file's own.
    const annotations = (severity: string, longWindow: string) =>
      parse(rules.content).groups[1].rules.find(
        (r: any) =>
          r.labels.severity === severity && r.labels.long_window === longWindow,
      ).annotations;
    const expected = (windows: Array<[string, string]>) =>
      windows.map(([severity, longWindow]) => ({
        exp_labels: alertLabels(severity, longWindow),
        exp_annotations: annotations(severity, longWindow),
      }));
    // 10 % errors, 20 × the 0.5 % budget: every window burns, both pages and both tickets.
    const fast = {
      interval: '1m',
      input_series: [series(service, '200', 90), series(service, '500', 10)],
      alert_rule_test: [
        {
          eval_time: '70m',
          alertname: 'ErrorBudgetBurn',
          exp_alerts: expected([
            ['page', '1h'],
            ['page', '6h'],
            ['ticket', '1d'],
            ['ticket', '3d'],
          ]),
        },
      ],
    };
    // 2 % errors, 4 × the budget: above the tickets' 3 and 1, below the pages' 14.4 and 6.
    const slow = {
      interval: '1m',
      input_series: [series(service, '200', 98), series(service, '500', 2)],
      alert_rule_test: [
        {
          eval_time: '150m',
          alertname: 'ErrorBudgetBurn',
          exp_alerts: expected([
            ['ticket', '1d'],
            ['ticket', '3d'],
          ]),
        },
      ],
    };
    // 0.1 % errors: a fifth of the budget's rate, nothing fires.
    const healthy = {
      interval: '1m',
      input_series: [series(service, '200', 999), series(service, '500', 1)],
      alert_rule_test: [
        { eval_time: '230m', alertname: 'ErrorBudgetBurn', exp_alerts: [] },
      ],
    };
    // No traffic at all: no ratio, no alert.
    const idle = {
      interval: '1m',
      input_series: [series(service, '200', 0)],
      alert_rule_test: [
        { eval_time: '120m', alertname: 'ErrorBudgetBurn', exp_alerts: [] },
      ],
    };
    writeFileSync(
      join(dir, 'slo-tests.yaml'),
      JSON.stringify({
        rule_files: ['slo-rules.yaml'],
        evaluation_interval: '1m',
        tests: [fast, slow, healthy, idle],
      }),
    );
    const result = runTool('promtool', [
      'test',
      'rules',
      join(dir, 'slo-tests.yaml'),
    ]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
