import {
  DeliveryTargets,
  EnvironmentErrorBudget,
  PromotionGate,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { EnvironmentApplication } from '../environments';
import { gate } from './gate';

/** Where the gate reads the target's budget (the error-budget reader). */
export interface ErrorBudgetSource {
  budgetOf(
    targets: DeliveryTargets,
    scope: { environment?: string; namespace?: string },
  ): Promise<{ budget?: EnvironmentErrorBudget; failure?: UpstreamFailure }>;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

/**
 * The target environment still has error budget over the SLO window: a promotion is a change, and
 * changes wait while the budget is spent (the SRE workbook's error budget policy).
 */
export async function errorBudgetGate(options: {
  targets: DeliveryTargets;
  to: EnvironmentApplication;
  budgets: ErrorBudgetSource;
}): Promise<PromotionGate> {
  const { targets, to } = options;
  const slo = targets.slo;
  if (!slo) {
    return gate(
      'error-budget',
      'skipped',
      'The entity sets no availability objective (go-delivery.dev/slo-availability); not checked',
    );
  }
  const namespace = to.app.spec?.destination?.namespace;
  const { budget, failure } = await options.budgets.budgetOf(targets, {
    environment: to.environment,
    ...(namespace ? { namespace } : {}),
  });
  if (!budget) {
    return gate(
      'error-budget',
      'unknown',
      `The error budget of ${to.environment} could not be read${
        failure ? `: ${failure.message}` : ''
      }`,
    );
  }
  const objectives = [
    { name: 'availability', value: budget.availability },
    ...(budget.latency ? [{ name: 'latency', value: budget.latency }] : []),
  ];
  const exhausted = objectives.find(
    o => o.value.budgetRemaining !== null && o.value.budgetRemaining <= 0,
  );
  const window = `${slo.windowDays} days`;
  if (exhausted) {
    return gate(
      'error-budget',
      'shut',
      `${to.environment} has spent its ${
        exhausted.name
      } error budget over ${window} (${percent(
        exhausted.value.budgetRemaining!,
      )} left of ${percent(1 - exhausted.value.objective)} allowed errors)`,
    );
  }
  if (objectives.every(o => o.value.budgetRemaining === null)) {
    return gate(
      'error-budget',
      'open',
      `${to.environment} had no traffic over ${window}; nothing of its budget is spent`,
    );
  }
  return gate(
    'error-budget',
    'open',
    objectives
      .map(
        o =>
          `${percent(o.value.budgetRemaining ?? 1)} of the ${
            o.name
          } budget left over ${window}`,
      )
      .join('; '),
  );
}
