import {
  formatLabelSelector,
  isLabelKey,
  isLabelValue,
  LabelSelectorRequirement,
} from '@go-delivery/plugin-delivery-common';
import { LabelSelector } from './argoRolloutsTypes';

const OPERATORS: Record<string, LabelSelectorRequirement['operator']> = {
  In: 'in',
  NotIn: 'notIn',
  Exists: 'exists',
  DoesNotExist: 'notExists',
};

/**
 * A Rollout's `spec.selector` as a selector string, for listing its ReplicaSets; undefined when
 * it is empty or holds something that is not a valid label (the object comes from a cluster,
 * but the string still goes into a URL).
 */
export function selectorOf(
  selector: LabelSelector | undefined,
): string | undefined {
  const requirements: LabelSelectorRequirement[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    if (!isLabelKey(key) || typeof value !== 'string' || !isLabelValue(value))
      return undefined;
    requirements.push({ key, operator: 'equals', values: [value] });
  }
  for (const expression of selector?.matchExpressions ?? []) {
    const operator = OPERATORS[expression?.operator ?? ''];
    const values = expression?.values ?? [];
    if (
      !operator ||
      !expression.key ||
      !isLabelKey(expression.key) ||
      !values.every(v => typeof v === 'string' && isLabelValue(v))
    ) {
      return undefined;
    }
    requirements.push({ key: expression.key, operator, values });
  }
  return requirements.length > 0
    ? formatLabelSelector(requirements)
    : undefined;
}
