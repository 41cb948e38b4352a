import { InvalidAnnotationError } from './InvalidAnnotationError';
import { parseRuleAnnotation } from './ruleAnnotation';

describe('parseRuleAnnotation', () => {
  it('reads comma-separated query|groupByLabel entries, the label being optional', () => {
    expect(
      parseRuleAnnotation(
        'memUsage|component,node_memory_active_bytes|instance,sum by (instance) (node_cpu_seconds_total)',
      ),
    ).toEqual([
      { query: 'memUsage', groupBy: 'component' },
      { query: 'node_memory_active_bytes', groupBy: 'instance' },
      { query: 'sum by (instance) (node_cpu_seconds_total)' },
    ]);
  });

  it('trims entries, skips empty ones and treats an empty label as none', () => {
    expect(
      parseRuleAnnotation(' up{job="x"} | job ,\n  errors:ratio5m| ,'),
    ).toEqual([
      { query: 'up{job="x"}', groupBy: 'job' },
      { query: 'errors:ratio5m' },
    ]);
  });

  it.each([
    ['a|b|c', /more than one '\|'/],
    ['|code', /no query before/],
    ['up|not-a-label', /'not-a-label' is not a Prometheus label name/],
    ['up|code"}', /is not a Prometheus label name/],
    ['up\u0000', /control characters/],
    ['x'.repeat(1001), /longer than 1000 characters/],
    ['a,b,c,d,e,f', /has 6 queries, at most 5/],
  ])('refuses %j, naming the annotation', (value, problem) => {
    let error: unknown;
    try {
      parseRuleAnnotation(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidAnnotationError);
    expect((error as InvalidAnnotationError).annotation).toBe(
      'prometheus.io/rule',
    );
    expect((error as Error).message).toMatch(problem);
  });
});
