import { EntityApplication } from '../../binding/argoCdApplications';
import { environmentsInOrder } from '../promotion/environments';

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
  applications: EntityApplication[],
): Array<Required<BudgetScope>> {
  const scopes = new Map<string, Required<BudgetScope>>();
  for (const { environment, app } of environmentsInOrder(applications)) {
    const namespace = app.spec?.destination?.namespace;
    if (namespace) {
      scopes.set(JSON.stringify([environment, namespace]), {
        environment,
        namespace,
      });
    }
  }
  return [...scopes.values()];
}
