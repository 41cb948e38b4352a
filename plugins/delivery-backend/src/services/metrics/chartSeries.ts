import { MetricPoint } from '@go-delivery/plugin-delivery-common';
import { PrometheusClient } from '@go-delivery/plugin-delivery-node';
import { MetricsRange } from './metricsRange';

/** A series' values as chart points: milliseconds, and null where Prometheus had no number. */
export function toPoints(values: Array<[number, number]>): MetricPoint[] {
  return values.map(([t, v]) => ({
    t: Math.round(t * 1000),
    v: Number.isFinite(v) ? v : null,
  }));
}

/** A link to the query in the instance's own UI, over the same range; none without a web URL. */
export function graphUrl(
  client: PrometheusClient,
  query: string,
  range: MetricsRange,
): string | undefined {
  if (!client.webUrl) return undefined;
  const params = new URLSearchParams({
    'g0.expr': query,
    'g0.tab': '0',
    'g0.range_input': `${Math.round((range.end - range.start) / 60)}m`,
  });
  return `${client.webUrl}/graph?${params}`;
}
