import { RuleQuery, RuleQueryView } from '@go-delivery/plugin-delivery-common';
import {
  PrometheusClient,
  PrometheusSeries,
  tagSeries,
} from '@go-delivery/plugin-delivery-node';
import { attempt } from '../../upstreams/fanOut';
import { PrometheusReads } from '../../upstreams/prometheus/PrometheusReads';
import { graphUrl, toPoints } from './chartSeries';
import { MetricsRange } from './metricsRange';

/** Series of one catalog-authored query beyond this are dropped (and the view says so). */
export const MAX_RULE_SERIES = 20;

/** The label that tells the rules' series apart in the combined query; never shown. */
const RULE_LABEL = 'delivery_rule';

/** Go's string order (bytes of UTF-8), which Prometheus sorts label values by. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Prometheus's order of series in a range query's answer (`labels.Compare`). */
export function compareLabelSets(
  a: Record<string, string>,
  b: Record<string, string>,
): number {
  const left = Object.keys(a).sort(compareStrings);
  const right = Object.keys(b).sort(compareStrings);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order =
      compareStrings(left[i], right[i]) ||
      compareStrings(a[left[i]], b[right[i]]);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

/**
 * One range query for all of the entity's rule queries: each is tagged with its index, the answer
 * is split by the tag, which is then dropped, and each part sorted as Prometheus sorts an answer,
 * so every rule gets the series (and the order) it would have got alone. A single rule is sent as
 * it is.
 */
async function queryRules(options: {
  prometheus: PrometheusReads;
  client: PrometheusClient;
  rules: RuleQuery[];
  range: MetricsRange;
}): Promise<PrometheusSeries[][]> {
  const { prometheus, client, rules, range } = options;
  if (rules.length === 1) {
    return [
      await prometheus.queryRange(client, { query: rules[0].query, ...range }),
    ];
  }
  const query = rules
    .map((rule, index) => tagSeries(rule.query, RULE_LABEL, String(index)))
    .join(' or ');
  const answer = await prometheus.queryRange(client, { query, ...range });
  const parts = rules.map((): PrometheusSeries[] => []);
  for (const series of answer) {
    const { [RULE_LABEL]: tag, ...metric } = series.metric;
    parts[Number(tag)]?.push({ metric, values: series.values });
  }
  return parts.map(part =>
    part.sort((a, b) => compareLabelSets(a.metric, b.metric)),
  );
}

function toView(options: {
  client: PrometheusClient;
  rule: RuleQuery;
  range: MetricsRange;
}): RuleQueryView {
  const { client, rule, range } = options;
  return {
    query: rule.query,
    ...(rule.groupBy ? { groupBy: rule.groupBy } : {}),
    graphUrl: graphUrl(client, rule.query, range),
    series: [],
    truncated: false,
  };
}

/**
 * The charts of the catalog's `prometheus.io/rule` queries in one range query (at most one per
 * view, however many rules the entity has). When Prometheus refuses it, every rule's view carries
 * that failure; the golden signals are not affected.
 */
export async function readRuleQueries(options: {
  prometheus: PrometheusReads;
  client: PrometheusClient;
  rules: RuleQuery[];
  range: MetricsRange;
}): Promise<RuleQueryView[]> {
  const { client, rules, range } = options;
  if (rules.length === 0) return [];
  const outcome = await attempt(
    { kind: 'prometheus', instance: client.name },
    () => queryRules(options),
  );
  return rules.map((rule, index): RuleQueryView => {
    const view = toView({ client, rule, range });
    if (!outcome.ok) return { ...view, failure: outcome.failure };
    const answer = outcome.value[index];
    view.truncated = answer.length > MAX_RULE_SERIES;
    view.series = answer.slice(0, MAX_RULE_SERIES).map(series => {
      const { __name__: name, ...rest } = series.metric;
      const label = rule.groupBy
        ? series.metric[rule.groupBy] ?? '(none)'
        : Object.values(rest)[0] ?? name ?? rule.query;
      return { label, labels: series.metric, points: toPoints(series.values) };
    });
    return view;
  });
}
