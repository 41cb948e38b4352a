import {
  canaryServiceNames,
  GO_SERVICE_METRICS,
  GoldenSignal,
  MetricUnit,
} from '@go-delivery/plugin-delivery-common';
import {
  labelMatcher,
  promqlAt,
  promqlDuration,
} from '@go-delivery/plugin-delivery-node';

const HISTOGRAM = GO_SERVICE_METRICS.requestDuration;
const SERVICE = GO_SERVICE_METRICS.serviceLabel;
const CODE = GO_SERVICE_METRICS.labels.code;
/** The label Prometheus's Kubernetes service discovery puts the scraped namespace in. */
const NAMESPACE = 'namespace';

/** The units the golden signals are measured in. */
export const GOLDEN_SIGNAL_UNITS: Record<GoldenSignal, MetricUnit> = {
  requestRate: 'requests/s',
  errorRate: 'ratio',
  p95Latency: 'seconds',
};

/** Which series of the Go service's request histogram a query covers. */
export interface ServiceSelection {
  /** The stable track's `service` label value, already validated. */
  service: string;
  /** Also select `<service>-canary`. */
  includeCanary: boolean;
  /** Keep the `service` label on the result (one series per track) or sum the tracks. */
  perTrack: boolean;
  /** Only the series of this Kubernetes namespace (one environment); all namespaces when absent. */
  namespace?: string;
}

/** The label matchers of a selection, plus `extra` (already PromQL), as `{…}`. */
export function selectorOf(
  selection: ServiceSelection,
  extra?: string,
): string {
  const { stable, canary } = canaryServiceNames(selection.service);
  const services = selection.includeCanary ? [stable, canary] : [stable];
  return `{${[
    labelMatcher(SERVICE, services),
    selection.namespace === undefined
      ? undefined
      : labelMatcher(NAMESPACE, [selection.namespace]),
    extra,
  ]
    .filter(Boolean)
    .join(',')}}`;
}

function sum(
  selection: ServiceSelection,
  inner: string,
  by: string[] = [],
): string {
  const labels = [...(selection.perTrack ? [SERVICE] : []), ...by];
  return labels.length > 0
    ? `sum by (${labels.join(', ')}) (${inner})`
    : `sum(${inner})`;
}

/** Where the rate windows of a query end. */
export interface WindowPlacement {
  /**
   * Unix seconds: every selector is pinned there with the `@` modifier, so the value does not
   * depend on when the query is evaluated (one query can then ask about many moments).
   */
  at?: number;
}

/** A range selector's window, e.g. `[1800s]`, pinned to a moment when one is given. */
function rangeOf(windowSeconds: number, placement?: WindowPlacement): string {
  const pinned = placement?.at === undefined ? '' : promqlAt(placement.at);
  return `[${promqlDuration(windowSeconds)}]${pinned}`;
}

/**
 * The golden-signal queries of the Go service over a rate window: request rate, share of 5xx
 * responses, and p95 latency from the request-duration histogram. All three read the same metric
 * the service exports and its AnalysisTemplate judges, so chart and canary analysis agree.
 */
export function goldenSignalQueries(
  selection: ServiceSelection,
  windowSeconds: number,
  placement?: WindowPlacement,
): Record<GoldenSignal, string> {
  const range = rangeOf(windowSeconds, placement);
  const all = `rate(${HISTOGRAM}_count${selectorOf(selection)}${range})`;
  const errors = `rate(${HISTOGRAM}_count${selectorOf(
    selection,
    `${CODE}=~"5.."`,
  )}${range})`;
  const buckets = `rate(${HISTOGRAM}_bucket${selectorOf(selection)}${range})`;
  return {
    requestRate: sum(selection, all),
    // A service without any 5xx has no error series: `or … * 0` makes that a 0, not a gap.
    errorRate: `(${sum(selection, errors)} or ${sum(
      selection,
      all,
    )} * 0) / ${sum(selection, all)}`,
    p95Latency: `histogram_quantile(0.95, ${sum(selection, buckets, ['le'])})`,
  };
}

/** The number of requests in the window ending at the evaluation time (for verdicts' minimum traffic). */
export function requestCountQuery(
  selection: ServiceSelection,
  windowSeconds: number,
  placement?: WindowPlacement,
): string {
  const range = rangeOf(windowSeconds, placement);
  return sum(
    selection,
    `increase(${HISTOGRAM}_count${selectorOf(selection)}${range})`,
  );
}
