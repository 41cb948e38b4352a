import { Entity } from '@backstage/catalog-model';
import {
  DELIVERY_ANNOTATION_TABLE,
  DeliveryCard,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from './annotations';
import { annotationValue } from './annotationValue';

/**
 * The cards of the Delivery tab the entity's annotations turn on, from the one annotation table.
 *
 * @public
 */
export function deliveryCardsOf(entity: Entity): Set<DeliveryCard> {
  const cards = new Set<DeliveryCard>();
  for (const spec of DELIVERY_ANNOTATION_TABLE) {
    const value = annotationValue(entity, spec.key);
    if (value !== undefined && (spec.enables?.(value) ?? true)) {
      spec.cards.forEach(card => cards.add(card));
    }
  }
  return cards;
}

/**
 * Whether an entity carries any annotation the Delivery tab reads. Use it with EntitySwitch or as
 * the filter of the tab.
 *
 * @public
 */
export function isDeliveryAvailable(entity: Entity): boolean {
  return deliveryCardsOf(entity).size > 0;
}

/** Whether the entity names any Argo CD application. @public */
export function hasArgoCdAnnotations(entity: Entity): boolean {
  return deliveryCardsOf(entity).has('deployments');
}

/** Whether the entity asks for its Tekton pipeline runs to be shown. @public */
export function isTektonEnabled(entity: Entity): boolean {
  return deliveryCardsOf(entity).has('pipelines');
}

/**
 * Whether the entity asks for its coverage card (`backstage.io/code-coverage`, as the community
 * code coverage plugin reads it; `false` turns it off).
 *
 * @public
 */
export function isCoverageEnabled(entity: Entity): boolean {
  return deliveryCardsOf(entity).has('coverage');
}

/**
 * Whether the entity says where its metrics are: the metrics service label, a Prometheus
 * instance or a catalog-authored Prometheus rule.
 *
 * @public
 */
export function isGoldenSignalsAvailable(entity: Entity): boolean {
  return deliveryCardsOf(entity).has('goldenSignals');
}

/**
 * Whether the entity names Kubernetes workloads (`backstage.io/kubernetes-id` or
 * `backstage.io/kubernetes-label-selector`), where its Argo Rollouts are found.
 *
 * @public
 */
export function hasKubernetesAnnotations(entity: Entity): boolean {
  return (
    annotationValue(entity, KUBERNETES_ID_ANNOTATION) !== undefined ||
    annotationValue(entity, KUBERNETES_LABEL_SELECTOR_ANNOTATION) !== undefined
  );
}

/**
 * Whether the rollout health card has something to show: Argo Rollouts (Kubernetes
 * annotations) or Argo CD applications.
 *
 * @public
 */
export function isRolloutHealthAvailable(entity: Entity): boolean {
  return deliveryCardsOf(entity).has('rollouts');
}

/**
 * Whether the entity sets an availability objective (`go-delivery.dev/slo-availability`), which
 * turns on the error-budget card.
 *
 * @public
 */
export function isErrorBudgetAvailable(entity: Entity): boolean {
  return deliveryCardsOf(entity).has('errorBudget');
}
