import Router from 'express-promise-router';
import { ErrorBudgetReader } from '../services/slo/ErrorBudgetReader';
import { entityRead, ReadFrameServices } from './entityRead';

/**
 * `GET /entities/:kind/:namespace/:name/error-budget`: the error budget of each environment. 404
 * naming the annotation to set when the entity has no objective, 400 naming a malformed one.
 */
export function errorBudgetRoutes(
  options: ReadFrameServices & { errorBudgets: ErrorBudgetReader },
) {
  const router = Router();
  router.get(
    '/entities/:kind/:namespace/:name/error-budget',
    entityRead({
      ...options,
      eventId: 'error-budget-read',
      read: ({ targets }) => options.errorBudgets.getErrorBudget(targets),
      summarize: response => ({
        instance: response.instance ?? null,
        budgets: response.budgets.map(
          b => `${b.environment ?? 'service'}:${b.availability.status}`,
        ),
        failedInstances: response.failures.map(f => f.instance),
      }),
    }),
  );
  return router;
}
