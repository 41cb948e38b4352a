import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  METRICS_SERVICE_ANNOTATION,
  PROMETHEUS_INSTANCE_ANNOTATION,
  PROMETHEUS_RULE_ANNOTATION,
} from './annotations';
import { annotationValue } from './annotationValue';
import { canaryServiceNames } from './goServiceMetrics';
import { InvalidAnnotationError } from './InvalidAnnotationError';
import { isDnsLabel, isInstanceName } from './names';
import { parseRuleAnnotation, RuleQuery } from './ruleAnnotation';

/** What an entity's annotations say about its metrics, validated. @public */
export interface MetricsTarget {
  /** The `service` label value of the stable track. */
  service: string;
  /** The annotation the service came from, or `metadata.name`; named in errors about it. */
  serviceSource: string;
  /** The Prometheus instance named by the entity; the default instance when absent. */
  instanceName?: string;
  ruleQueries: RuleQuery[];
}

/** The first of the metrics annotation, the Kubernetes id and the entity name. */
function serviceOf(entity: Entity): { service: string; serviceSource: string } {
  for (const key of [METRICS_SERVICE_ANNOTATION, KUBERNETES_ID_ANNOTATION]) {
    const value = annotationValue(entity, key);
    if (value) return { service: value, serviceSource: key };
  }
  return { service: entity.metadata.name, serviceSource: 'metadata.name' };
}

function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/**
 * Reads the metrics annotations. The service label value comes from
 * `go-delivery.dev/metrics-service`, else `backstage.io/kubernetes-id`, else the entity name, and
 * must be an RFC 1123 label (what a Kubernetes Service name is). Throws
 * {@link InvalidAnnotationError} naming the annotation to fix.
 *
 * @public
 */
export function readMetricsTarget(entity: Entity): MetricsTarget {
  const { service, serviceSource } = serviceOf(entity);
  if (!isDnsLabel(service)) {
    const problem = `${shown(
      service,
    )} is not a Kubernetes Service name (RFC 1123 label)`;
    throw new InvalidAnnotationError(
      METRICS_SERVICE_ANNOTATION,
      serviceSource === METRICS_SERVICE_ANNOTATION
        ? problem
        : `it is not set, and the fallback ${serviceSource} ${problem}; set the annotation`,
    );
  }

  const instanceName = annotationValue(entity, PROMETHEUS_INSTANCE_ANNOTATION);
  if (instanceName !== undefined && !isInstanceName(instanceName)) {
    throw new InvalidAnnotationError(
      PROMETHEUS_INSTANCE_ANNOTATION,
      `${shown(
        instanceName,
      )} is not an instance name (letters, digits, "-", "_", ".", at most 63)`,
    );
  }

  const rule = annotationValue(entity, PROMETHEUS_RULE_ANNOTATION);
  return {
    service,
    serviceSource,
    instanceName,
    ruleQueries: rule ? parseRuleAnnotation(rule) : [],
  };
}

/** Checks that the canary track's Service name is valid too (it is 7 characters longer). @public */
export function assertCanaryServiceName(target: MetricsTarget): void {
  const { canary } = canaryServiceNames(target.service);
  if (!isDnsLabel(canary)) {
    throw new InvalidAnnotationError(
      target.serviceSource === 'metadata.name'
        ? METRICS_SERVICE_ANNOTATION
        : target.serviceSource,
      `the canary Service name ${shown(
        canary,
      )} would be longer than 63 characters`,
    );
  }
}
