import { ArgoCdApplication } from '@go-delivery/plugin-delivery-node';
import {
  applicationEnvironment,
  inPromotionOrder,
} from '../deployments/applicationEnvironment';

/** Which series a budget covers: one environment's namespace, or (both absent) the whole service. */
export interface BudgetScope {
  environment?: string;
  namespace?: string;
}

/**
 * One scope per environment and destination namespace of the entity's applications, in promotion
 * order (dev → staging → prod). An application without a destination namespace is left out: its
 * series cannot be told from the other environments'.
 */
export function environmentScopes(
  applications: ArgoCdApplication[],
): Array<Required<BudgetScope>> {
  const scopes = new Map<string, Required<BudgetScope>>();
  for (const app of applications) {
    const namespace = app.spec?.destination?.namespace;
    if (!namespace) continue;
    const environment = applicationEnvironment(app);
    scopes.set(JSON.stringify([environment, namespace]), {
      environment,
      namespace,
    });
  }
  const order = inPromotionOrder([...scopes.values()].map(s => s.environment));
  return [...scopes.values()].sort(
    (a, b) =>
      order.indexOf(a.environment) - order.indexOf(b.environment) ||
      a.namespace.localeCompare(b.namespace),
  );
}
