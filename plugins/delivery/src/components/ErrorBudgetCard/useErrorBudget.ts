import { useDeliveryData } from '../../kit';

/** The entity's error budgets, one per environment. */
export function useErrorBudget() {
  return useDeliveryData((api, ref) => api.getErrorBudget(ref), []);
}
