import { UpstreamFailure } from './upstreamFailure';

/** What an entity's SLO annotations say, validated. @public */
export interface SloTarget {
  /** The availability objective as a fraction, e.g. 0.999 for 99.9 %. */
  availability: number;
  /** Optional latency objective: this fraction of requests is faster than the threshold. */
  latency?: {
    /** Seconds; a bucket boundary of the service's duration histogram. */
    thresholdSeconds: number;
    /** Fraction, e.g. 0.99. */
    objective: number;
  };
  /** The SLO window in days (default 30). */
  windowDays: number;
}

/** Burn rates over the short windows of multi-window alerting. @public */
export interface BurnRates {
  /** Error ratio over the last hour divided by the allowed ratio; null without traffic. */
  '1h': number | null;
  /** Over the last six hours. */
  '6h': number | null;
}

/** `healthy`: budget left, not burning fast; `burning`: a short window burns at ≥ 6×; `exhausted`: none left. @public */
export type ErrorBudgetStatus = 'healthy' | 'burning' | 'exhausted' | 'no-data';

/** One objective's budget over the window. @public */
export interface ObjectiveBudget {
  /** The objective as a fraction (0.999). */
  objective: number;
  /** Good events over the window divided by all events; null without traffic. */
  sli: number | null;
  /**
   * Fraction of the error budget left over the window: 1 − (bad ratio / allowed ratio). Negative
   * when overspent; null without traffic.
   */
  budgetRemaining: number | null;
  burnRates: BurnRates;
  /** Requests seen over the window (rounded). */
  requests: number;
  status: ErrorBudgetStatus;
}

/** The budgets of one environment (one Argo CD application's namespace), or the whole service. @public */
export interface EnvironmentErrorBudget {
  /** The environment (`prod`), absent for the whole service. */
  environment?: string;
  /** The `namespace` label the series were selected by, absent for the whole service. */
  namespace?: string;
  availability: ObjectiveBudget;
  latency?: ObjectiveBudget & { thresholdSeconds: number };
}

/** `GET …/error-budget`. @public */
export interface ErrorBudgetResponse {
  slo: SloTarget;
  /** The Prometheus instance asked. */
  instance?: string;
  budgets: EnvironmentErrorBudget[];
  failures: UpstreamFailure[];
}
