import { Entity } from '@backstage/catalog-model';
import {
  JANUS_TEKTON_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  TEKTON_CICD_ANNOTATION,
} from './annotations';
import { annotationValue, quotedValue } from './annotationValue';
import { readEntitySelector } from './entitySelector';
import { isTektonEnabled } from './availability';
import { InvalidAnnotationError } from './InvalidAnnotationError';
import {
  isLabelValue,
  LabelSelectorRequirement,
  parseLabelSelector,
} from './labelSelector';
import { isDnsLabel } from './names';

/**
 * Which Kubernetes objects belong to an entity, read from its annotations and validated. The
 * selector is always the re-serialised form of a parsed selector, never the annotation's text.
 *
 * @public
 */
export interface KubernetesTarget {
  /** Value of `backstage.io/kubernetes-id`, when set. */
  kubernetesId?: string;
  /**
   * The label selector sent upstream: the `backstage.io/kubernetes-label-selector` annotation when
   * set (as the Kubernetes plugin does), else `backstage.io/kubernetes-id=<id>`.
   */
  labelSelector: string;
  /** Only this namespace is searched when set; all namespaces otherwise. */
  namespace?: string;
}

/**
 * Reads and validates the Kubernetes annotations. Returns undefined when the entity names no
 * workloads (neither an id nor a selector); throws {@link InvalidAnnotationError} naming the first
 * malformed annotation.
 *
 * @public
 */
export function readKubernetesTarget(
  entity: Entity,
): KubernetesTarget | undefined {
  const id = annotationValue(entity, KUBERNETES_ID_ANNOTATION);
  const selector = annotationValue(
    entity,
    KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  );
  const namespace = annotationValue(entity, KUBERNETES_NAMESPACE_ANNOTATION);
  if (id === undefined && selector === undefined) return undefined;

  if (id !== undefined && !isLabelValue(id)) {
    throw new InvalidAnnotationError(
      KUBERNETES_ID_ANNOTATION,
      `${quotedValue(
        id,
      )} is not a label value (letters, digits, '-', '_', '.', at most 63)`,
    );
  }
  if (namespace !== undefined && !isDnsLabel(namespace)) {
    throw new InvalidAnnotationError(
      KUBERNETES_NAMESPACE_ANNOTATION,
      `${quotedValue(
        namespace,
      )} is not a Kubernetes namespace name (RFC 1123 label)`,
    );
  }
  let labelSelector = `${KUBERNETES_ID_ANNOTATION}=${id}`;
  if (selector !== undefined) {
    labelSelector = readEntitySelector(
      KUBERNETES_LABEL_SELECTOR_ANNOTATION,
      selector,
    );
  }
  return {
    ...(id !== undefined ? { kubernetesId: id } : {}),
    labelSelector,
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

/**
 * The Kubernetes target of an entity's Tekton pipeline runs. Returns undefined unless
 * `tekton.dev/cicd: "true"` (or `janus-idp.io/tekton`) is set; throws
 * {@link InvalidAnnotationError} when it is set but nothing says which runs are the entity's.
 *
 * @public
 */
export function readTektonTarget(entity: Entity): KubernetesTarget | undefined {
  if (!isTektonEnabled(entity)) return undefined;
  const target = readKubernetesTarget(entity);
  if (!target) {
    const enabledBy = annotationValue(entity, TEKTON_CICD_ANNOTATION)
      ? TEKTON_CICD_ANNOTATION
      : JANUS_TEKTON_ANNOTATION;
    throw new InvalidAnnotationError(
      enabledBy,
      `pipeline runs are found by '${KUBERNETES_ID_ANNOTATION}' or ` +
        `'${KUBERNETES_LABEL_SELECTOR_ANNOTATION}', and the entity has neither`,
    );
  }
  return target;
}

function matchesRequirement(
  requirement: LabelSelectorRequirement,
  labels: Record<string, string>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = has ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case 'exists':
      return has;
    case 'notExists':
      return !has;
    case 'equals':
      return has && value === requirement.values[0];
    case 'notEquals':
      return !has || value !== requirement.values[0];
    case 'in':
      return has && requirement.values.includes(value!);
    default:
      return !has || !requirement.values.includes(value!);
  }
}

/**
 * Whether a label map satisfies a selector, with the API server's semantics (`!=` and `notin`
 * match objects without the label). Used to re-check on the server that an object named in a
 * request really belongs to the entity.
 *
 * @public
 */
export function labelsMatchSelector(
  selector: string,
  labels: Record<string, string> | undefined,
): boolean {
  return parseLabelSelector(selector).every(r =>
    matchesRequirement(r, labels ?? {}),
  );
}
