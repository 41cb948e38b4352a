import { PrometheusSample, tagSeries } from '@go-delivery/plugin-delivery-node';
import { WindowMeasurement } from './deployVerdict';
import {
  goldenSignalQueries,
  requestCountQuery,
  ServiceSelection,
} from './goldenSignalQueries';

/** The windows around one deploy: each `windowSeconds` long, before and after `at`. */
export interface MeasuredDeploy {
  /** Unix seconds. */
  at: number;
  windowSeconds: number;
  /** Judged on this namespace's series (the deploy's environment) when set. */
  namespace?: string;
}

/** The numbers a verdict compares, per window. */
const MEASURES = ['requests', 'errorRate', 'p95Seconds'] as const;
type Measure = (typeof MEASURES)[number];
const SIDES = ['before', 'after'] as const;
type Side = (typeof SIDES)[number];

/** The label naming the deploy, window and number of each sub-expression; never shown. */
const POINT_LABEL = 'delivery_point';

function pointOf(index: number, side: Side, measure: Measure): string {
  return `${index}:${side}:${measure}`;
}

/** Where a window ends: at the deploy (before) or one window later (after). */
function windowEnd(deploy: MeasuredDeploy, side: Side): number {
  return side === 'before' ? deploy.at : deploy.at + deploy.windowSeconds;
}

/**
 * One instant query for the verdicts of many deploys. For every deploy, window and number there is
 * one sub-expression whose selectors are pinned with `@` to the window's end, tagged with
 * `delivery_point="<deploy>:<before|after>:<number>"`, all joined with `or`. Each sub-expression is
 * what a range query evaluated at that moment gives, so the verdicts are those of one query per
 * deploy, and the number of queries no longer grows with the number of deploys. Evaluated at the
 * last window's end, so the same deploys give the same query and cache key.
 *
 * Its cost to Prometheus does: a query selects the series of each selector over its whole span
 * (oldest to newest window), so a week of deploys costs more CPU than narrow per-deploy queries
 * (measured in `packages/bench`).
 */
export function verdictQuery(options: {
  selection: ServiceSelection;
  deploys: MeasuredDeploy[];
}): { query: string; time: number } {
  const { selection, deploys } = options;
  const parts = deploys.flatMap((deploy, index) =>
    SIDES.flatMap(side => {
      const placement = { at: windowEnd(deploy, side) };
      const deploySelection = deploy.namespace
        ? { ...selection, namespace: deploy.namespace }
        : selection;
      const signals = goldenSignalQueries(
        deploySelection,
        deploy.windowSeconds,
        placement,
      );
      const expressions: Record<Measure, string> = {
        requests: requestCountQuery(
          deploySelection,
          deploy.windowSeconds,
          placement,
        ),
        errorRate: signals.errorRate,
        p95Seconds: signals.p95Latency,
      };
      return MEASURES.map(measure =>
        tagSeries(
          expressions[measure],
          POINT_LABEL,
          pointOf(index, side, measure),
        ),
      );
    }),
  );
  return {
    query: parts.join(' or '),
    time: Math.max(...deploys.map(deploy => windowEnd(deploy, 'after'))),
  };
}

/** The windows before and after each deploy, as measured by {@link verdictQuery}. */
export interface DeployMeasurements {
  before: WindowMeasurement;
  after: WindowMeasurement;
}

/**
 * Splits the answer of {@link verdictQuery} by deploy, window and number (in the order of
 * `deploys`); a number Prometheus had no value for (no series, or NaN) is null.
 */
export function readVerdictAnswer(options: {
  deploys: MeasuredDeploy[];
  samples: PrometheusSample[];
}): DeployMeasurements[] {
  const values = new Map<string, number>();
  for (const sample of options.samples) {
    const point = sample.metric[POINT_LABEL];
    if (point !== undefined) values.set(point, sample.value[1]);
  }
  return options.deploys.map((deploy, index) => {
    const measure = (side: Side): WindowMeasurement => {
      const valueOf = (name: Measure): number | null => {
        const value = values.get(pointOf(index, side, name));
        return value !== undefined && Number.isFinite(value) ? value : null;
      };
      const end = windowEnd(deploy, side);
      return {
        start: end - deploy.windowSeconds,
        end,
        requests: valueOf('requests'),
        errorRate: valueOf('errorRate'),
        p95Seconds: valueOf('p95Seconds'),
      };
    };
    return { before: measure('before'), after: measure('after') };
  });
}
