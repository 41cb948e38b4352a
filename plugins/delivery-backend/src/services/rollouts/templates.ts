import { PodTemplate, POD_TEMPLATE_HASH_LABEL } from './argoRolloutsTypes';

/** A pod template without the `rollouts-pod-template-hash` label the controller adds. */
export function withoutHashLabel(template: PodTemplate): PodTemplate {
  const copy = structuredClone(template);
  const labels = copy.metadata?.labels;
  if (labels && POD_TEMPLATE_HASH_LABEL in labels) {
    delete labels[POD_TEMPLATE_HASH_LABEL];
  }
  return copy;
}

/**
 * Whether every field set in `wanted` has the same value in `actual` (fields only `actual` has
 * are defaults the API server filled in). This is how `kubectl argo rollouts undo` decides that a
 * ReplicaSet already runs the Rollout's template.
 */
export function isDerivative(wanted: unknown, actual: unknown): boolean {
  if (wanted === undefined || wanted === null) return true;
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) &&
      wanted.length === actual.length &&
      wanted.every((item, i) => isDerivative(item, actual[i]))
    );
  }
  if (typeof wanted === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual))
      return Object.keys(wanted as object).length === 0;
    return Object.entries(wanted as Record<string, unknown>).every(([k, v]) =>
      isDerivative(v, (actual as Record<string, unknown>)[k]),
    );
  }
  return wanted === actual;
}

/** Whether a ReplicaSet's template is the Rollout's, ignoring the hash label. */
export function sameTemplate(
  rolloutTemplate: PodTemplate | undefined,
  replicaSetTemplate: PodTemplate | undefined,
): boolean {
  if (!rolloutTemplate || !replicaSetTemplate) return false;
  return isDerivative(
    withoutHashLabel(rolloutTemplate),
    withoutHashLabel(replicaSetTemplate),
  );
}

export function imagesOf(template: PodTemplate | undefined): string[] {
  const containers = template?.spec?.containers;
  return (Array.isArray(containers) ? containers : [])
    .map(c => c?.image)
    .filter((i): i is string => typeof i === 'string');
}
