import { PROMETHEUS_RULE_ANNOTATION } from './annotations';
import { InvalidAnnotationError } from './InvalidAnnotationError';
import { isPrometheusLabelName } from './names';

/** One catalog-authored query of the `prometheus.io/rule` annotation. @public */
export interface RuleQuery {
  query: string;
  /** The label whose value names each series. */
  groupBy?: string;
}

/** More would make one entity's card an expensive dashboard. @public */
export const MAX_RULE_QUERIES = 5;
/** @public */
export const MAX_RULE_QUERY_LENGTH = 1000;

// Tab, line feed and carriage return are whitespace in PromQL; other control characters are not.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Parses the annotation in the format Roadie's Prometheus plugin defined: a comma-separated list of
 * `query|groupByLabel` entries, the label being optional. Hence a query cannot contain `,` or `|`
 * (a recording rule is the way around that). Empty entries, e.g. after a trailing comma, are skipped.
 *
 * @public
 */
export function parseRuleAnnotation(value: string): RuleQuery[] {
  const fail = (problem: string) =>
    new InvalidAnnotationError(PROMETHEUS_RULE_ANNOTATION, problem);
  const entries = value
    .split(',')
    .map(entry => entry.trim())
    .filter(entry => entry !== '');
  if (entries.length > MAX_RULE_QUERIES) {
    throw fail(
      `has ${entries.length} queries, at most ${MAX_RULE_QUERIES} are read`,
    );
  }
  return entries.map((entry, index) => {
    const at = `entry ${index + 1}`;
    const parts = entry.split('|').map(part => part.trim());
    if (parts.length > 2) {
      throw fail(
        `${at} has more than one '|' (the format is 'query|groupByLabel')`,
      );
    }
    const [query, groupBy] = parts;
    if (query === '') throw fail(`${at} has no query before '|'`);
    if (query.length > MAX_RULE_QUERY_LENGTH) {
      throw fail(`${at} is longer than ${MAX_RULE_QUERY_LENGTH} characters`);
    }
    if (CONTROL.test(query)) throw fail(`${at} contains control characters`);
    if (groupBy === undefined || groupBy === '') return { query };
    if (!isPrometheusLabelName(groupBy)) {
      throw fail(
        `${at}: '${groupBy.slice(0, 40)}' is not a Prometheus label name`,
      );
    }
    return { query, groupBy };
  });
}
