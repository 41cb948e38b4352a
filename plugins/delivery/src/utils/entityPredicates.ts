import { Entity } from '@backstage/catalog-model';
import {
  CODE_COVERAGE_ANNOTATION,
  hasArgoCdAnnotations,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  METRICS_SERVICE_ANNOTATION,
  PROMETHEUS_INSTANCE_ANNOTATION,
  PROMETHEUS_RULE_ANNOTATION,
} from '@go-delivery/plugin-delivery-common';

function has(entity: Entity, key: string): boolean {
  return (entity.metadata.annotations?.[key] ?? '').trim() !== '';
}

/**
 * Whether the entity asks for its coverage card (`backstage.io/code-coverage`, as the community
 * code coverage plugin reads it; `false` turns it off).
 *
 * @public
 */
export function isCoverageEnabled(entity: Entity): boolean {
  const value = entity.metadata.annotations?.[CODE_COVERAGE_ANNOTATION];
  return has(entity, CODE_COVERAGE_ANNOTATION) && value?.trim() !== 'false';
}

/**
 * Whether the entity says where its metrics are: the metrics service label, a Prometheus
 * instance or a catalog-authored Prometheus rule.
 *
 * @public
 */
export function isGoldenSignalsAvailable(entity: Entity): boolean {
  return [
    METRICS_SERVICE_ANNOTATION,
    PROMETHEUS_INSTANCE_ANNOTATION,
    PROMETHEUS_RULE_ANNOTATION,
  ].some(key => has(entity, key));
}

/**
 * Whether the entity names Kubernetes workloads (`backstage.io/kubernetes-id` or
 * `backstage.io/kubernetes-label-selector`), where its Argo Rollouts are found.
 *
 * @public
 */
export function hasKubernetesAnnotations(entity: Entity): boolean {
  return [KUBERNETES_ID_ANNOTATION, KUBERNETES_LABEL_SELECTOR_ANNOTATION].some(
    key => has(entity, key),
  );
}

/**
 * Whether the rollout health card has something to show: Argo Rollouts (Kubernetes
 * annotations) or Argo CD applications.
 *
 * @public
 */
export function isRolloutHealthAvailable(entity: Entity): boolean {
  return hasArgoCdAnnotations(entity) || hasKubernetesAnnotations(entity);
}
