import {
  GO_SERVICE_METRICS,
  SloTarget,
} from '@go-delivery/plugin-delivery-common';
import {
  labelMatcher,
  PrometheusSample,
  promqlDuration,
  tagSeries,
} from '@go-delivery/plugin-delivery-node';
import {
  goldenSignalQueries,
  requestCountQuery,
  selectorOf,
  ServiceSelection,
} from '../metrics/goldenSignalQueries';
import { bucketBoundLabels } from './bucketBound';

const HISTOGRAM = GO_SERVICE_METRICS.requestDuration;
const DAY_SECONDS = 86_400;

/** The short windows of the generated burn-rate alerts that the card and gate show. */
const SHORT_WINDOWS = { '1h': 3600, '6h': 21_600 } as const;

/** The spans a ratio is measured over: the whole SLO window and the two short ones. */
export type Span = 'window' | keyof typeof SHORT_WINDOWS;
const SPANS: Span[] = ['window', '1h', '6h'];

/** The label naming the selection and number of each sub-expression; never shown. */
const POINT_LABEL = 'delivery_slo_point';

/** What the query measured of one selection; null where Prometheus had no value (no series, NaN). */
export interface SelectionMeasurements {
  /** Requests over the SLO window. */
  requests: number | null;
  /** Share of 5xx responses per span: the SLI of the generated recording rules. */
  errorRatio: Record<Span, number | null>;
  /** Share of requests slower than the latency threshold per span (with a latency objective). */
  slowRatio?: Record<Span, number | null>;
}

function spanSeconds(slo: SloTarget, span: Span): number {
  return span === 'window' ? slo.windowDays * DAY_SECONDS : SHORT_WINDOWS[span];
}

/**
 * Share of requests above the threshold: one minus the bucket at the threshold over all requests.
 * Without that bucket there is no series, hence no value, never a 0.
 */
function slowRatioQuery(
  selection: ServiceSelection,
  thresholdSeconds: number,
  windowSeconds: number,
): string {
  const range = `[${promqlDuration(windowSeconds)}]`;
  const le = labelMatcher('le', bucketBoundLabels(thresholdSeconds));
  const fast = `sum(rate(${HISTOGRAM}_bucket${selectorOf(
    selection,
    le,
  )}${range}))`;
  const all = `sum(rate(${HISTOGRAM}_count${selectorOf(selection)}${range}))`;
  return `1 - ${fast} / ${all}`;
}

/**
 * One instant query for the budgets of several selections (environments): per selection, the
 * requests over the SLO window and the error ratio over the window, 1 h and 6 h (the expressions
 * of the golden signals and of the generated `slo:sli_error:ratio_rate*` rules), and the same
 * ratios for the latency objective when there is one. Each sub-expression is tagged with
 * `delivery_slo_point="<selection>:<number>"` and all are joined with `or`, as the deploy verdicts
 * do, so a view costs one query however many environments it shows.
 */
export function errorBudgetQuery(options: {
  selections: ServiceSelection[];
  slo: SloTarget;
}): string {
  const { selections, slo } = options;
  return selections
    .flatMap((selection, index) => {
      const parts: Array<[string, string]> = [
        ['requests', requestCountQuery(selection, spanSeconds(slo, 'window'))],
      ];
      for (const span of SPANS) {
        const seconds = spanSeconds(slo, span);
        parts.push([
          `errors:${span}`,
          goldenSignalQueries(selection, seconds).errorRate,
        ]);
        if (slo.latency) {
          parts.push([
            `slow:${span}`,
            slowRatioQuery(selection, slo.latency.thresholdSeconds, seconds),
          ]);
        }
      }
      return parts.map(([name, expression]) =>
        tagSeries(expression, POINT_LABEL, `${index}:${name}`),
      );
    })
    .join(' or ');
}

/** Splits the answer of {@link errorBudgetQuery} by selection, in the order of the selections. */
export function readErrorBudgetAnswer(options: {
  selections: number;
  latency: boolean;
  samples: PrometheusSample[];
}): SelectionMeasurements[] {
  const values = new Map<string, number>();
  for (const sample of options.samples) {
    const point = sample.metric[POINT_LABEL];
    const value = sample.value[1];
    if (point !== undefined && Number.isFinite(value)) values.set(point, value);
  }
  return Array.from({ length: options.selections }, (_, index) => {
    const valueOf = (name: string) => values.get(`${index}:${name}`) ?? null;
    const ratios = (measure: string) =>
      Object.fromEntries(
        SPANS.map(span => [span, valueOf(`${measure}:${span}`)]),
      ) as Record<Span, number | null>;
    return {
      requests: valueOf('requests'),
      errorRatio: ratios('errors'),
      ...(options.latency ? { slowRatio: ratios('slow') } : {}),
    };
  });
}
