import { GO_SERVICE_METRICS } from '@go-delivery/plugin-delivery-common';
import type { GoServiceSpec } from '../types';
import type { KubernetesObject } from './manifest';
import { serviceMetadata } from './labels';
import { gitopsNames } from './names';

/**
 * Where the analysis asks Prometheus: the in-cluster Service of the prometheus-community
 * chart, whose `kubernetes-service-endpoints` job scrapes the annotated Services.
 */
export const DEFAULT_PROMETHEUS_ADDRESS =
  'http://prometheus-server.monitoring.svc.cluster.local';

/** A canary fails when more than this share of its requests answer 5xx. */
export const MAX_ERROR_RATE = 0.05;
/** A canary fails when its p95 request latency exceeds this many seconds. */
export const MAX_P95_LATENCY_SECONDS = 0.5;

/** Arguments the Rollout passes: which Service's series (the canary's) in which namespace. */
export const ANALYSIS_ARGS = {
  service: 'service',
  namespace: 'namespace',
} as const;

const RATE_WINDOW = '2m';

/** Series selector of one Service in one namespace, plus optional matchers. */
function seriesSelector(...matchers: string[]): string {
  const { serviceLabel } = GO_SERVICE_METRICS;
  return `{${[
    `${serviceLabel}="{{args.${ANALYSIS_ARGS.service}}}"`,
    `namespace="{{args.${ANALYSIS_ARGS.namespace}}}"`,
    ...matchers,
  ].join(',')}}`;
}

/**
 * Share of 5xx responses. Both sides fall back to a value so an idle canary measures 0 rather
 * than an empty result or NaN, which the analysis would count as errors.
 */
export function errorRateQuery(): string {
  const { requestDuration, labels } = GO_SERVICE_METRICS;
  const requests = (...matchers: string[]) =>
    `sum(rate(${requestDuration}_count${seriesSelector(
      ...matchers,
    )}[${RATE_WINDOW}]))`;
  return `(${requests(
    `${labels.code}=~"5.."`,
  )} or vector(0)) / (${requests()} > 0 or vector(1))`;
}

/** p95 latency in seconds; NaN (no requests yet) is filtered out and reads as 0. */
export function p95LatencyQuery(): string {
  const { requestDuration } = GO_SERVICE_METRICS;
  return `(histogram_quantile(0.95, sum by (le) (rate(${requestDuration}_bucket${seriesSelector()}[${RATE_WINDOW}]))) >= 0) or vector(0)`;
}

function thresholdMetric(options: {
  name: string;
  query: string;
  max: number;
}) {
  return {
    name: options.name,
    interval: '1m',
    // One bad minute is tolerated; the second failed measurement aborts the canary.
    failureLimit: 1,
    successCondition: `result[0] <= ${options.max}`,
    failureCondition: `result[0] > ${options.max}`,
    provider: {
      prometheus: { address: DEFAULT_PROMETHEUS_ADDRESS, query: options.query },
    },
  };
}

/** Error rate and p95 latency of the canary, from the metrics the Go service exports. */
export function analysisTemplate(spec: GoServiceSpec): KubernetesObject {
  const names = gitopsNames(spec.name);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: serviceMetadata(spec.name, names.analysisTemplate),
    spec: {
      args: [
        { name: ANALYSIS_ARGS.service },
        { name: ANALYSIS_ARGS.namespace },
      ],
      metrics: [
        thresholdMetric({
          name: 'error-rate',
          query: errorRateQuery(),
          max: MAX_ERROR_RATE,
        }),
        thresholdMetric({
          name: 'p95-latency',
          query: p95LatencyQuery(),
          max: MAX_P95_LATENCY_SECONDS,
        }),
      ],
    },
  };
}
