import { RolloutView } from '@go-delivery/plugin-delivery-common';

/**
 * Where a canary stands in its steps, in words and as a share of the steps done. Controllers
 * that report no step index (older ones, or before the first reconcile) get no share at all
 * rather than a made-up one.
 */
export function canaryStepText(rollout: RolloutView): {
  text: string;
  percentDone?: number;
} {
  const { currentStepIndex: index, totalSteps: total, steps } = rollout;
  if (total === 0) {
    return { text: 'No steps: the update goes to all pods at once' };
  }
  if (index === undefined) {
    return { text: `Current step not reported (${total} steps)` };
  }
  if (index >= total) {
    return { text: `All ${total} steps done`, percentDone: 100 };
  }
  const step = steps.find(s => s.index === index);
  return {
    text: `Step ${index + 1} of ${total}${step ? `: ${step.description}` : ''}`,
    percentDone: Math.round((index / total) * 100),
  };
}

/** The canary and stable share of the traffic in words, e.g. `canary 20 % · stable 80 %`. */
export function weightsText(rollout: RolloutView): string | undefined {
  const { weights } = rollout;
  if (!weights) return undefined;
  return `canary ${weights.canary} % · stable ${weights.stable} %`;
}
