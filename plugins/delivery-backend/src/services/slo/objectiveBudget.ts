import {
  ErrorBudgetStatus,
  ObjectiveBudget,
} from '@go-delivery/plugin-delivery-common';
import { Span } from './errorBudgetQuery';

/**
 * A short window burning at 6× or more is `burning`. It is the smaller factor of the generated
 * page alerts (6× over 6 h; 14.4× over 1 h): at 6× a 30-day budget is gone in 5 days, so the card
 * and the promotion gate call it burning as soon as a page is firing or about to.
 */
export const BURNING_RATE = 6;

/** The share of bad events an objective allows, rounded as the generated rules round it. */
export function allowedRatio(objective: number): number {
  return Number((1 - objective).toPrecision(6));
}

/**
 * One objective's budget from the ratios of bad events measured over the window and the short
 * windows: SLI = 1 − bad ratio, budget remaining = 1 − bad ratio / allowed ratio, burn rate = bad
 * ratio / allowed ratio. Without traffic over the window every figure is null and the status
 * `no-data`.
 */
export function objectiveBudget(options: {
  objective: number;
  requests: number | null;
  badRatio: Record<Span, number | null>;
}): ObjectiveBudget {
  const { objective } = options;
  const allowed = allowedRatio(objective);
  const requests = Math.round(options.requests ?? 0);
  // Extrapolation can put a ratio a hair outside [0, 1].
  const ratio = (span: Span) => {
    const value = options.badRatio[span];
    return value === null ? null : Math.min(1, Math.max(0, value));
  };
  const burn = (span: Span) => {
    const value = ratio(span);
    return value === null ? null : value / allowed;
  };
  const bad = requests > 0 ? ratio('window') : null;
  const budget = {
    objective,
    sli: bad === null ? null : 1 - bad,
    budgetRemaining: bad === null ? null : 1 - bad / allowed,
    burnRates: { '1h': burn('1h'), '6h': burn('6h') },
    requests,
  };
  return { ...budget, status: statusOf(budget) };
}

function statusOf(budget: Omit<ObjectiveBudget, 'status'>): ErrorBudgetStatus {
  if (budget.budgetRemaining === null) return 'no-data';
  if (budget.budgetRemaining <= 0) return 'exhausted';
  const { '1h': hour, '6h': sixHours } = budget.burnRates;
  if ((hour ?? 0) >= BURNING_RATE || (sixHours ?? 0) >= BURNING_RATE) {
    return 'burning';
  }
  return 'healthy';
}
