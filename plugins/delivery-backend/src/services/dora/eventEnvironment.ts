import { ProductionTargets } from '../../actions/confirmation';
import { DeliveryEventStore } from '../../database/DeliveryEventStore';
import {
  environmentOfNames,
  inPromotionOrder,
} from '../deployments/applicationEnvironment';

/** What an event is about: an Argo CD application, or a Kubernetes object (a Rollout). */
export interface EventSubject {
  instance?: string;
  application?: string;
  namespace?: string;
  name?: string;
  /** The cluster the object is on: `prod` says where a Rollout runs when its names do not. */
  cluster?: string;
}

/**
 * The environment of an event that is not an Argo CD deploy (an action, an aborted Rollout): the
 * application's recorded deploys say it; else its names; else its cluster's name; else the
 * entity's production-like environment (or the last in promotion order); else `default`. The recorder of the portal's
 * actions and the collector of aborted Rollouts both ask here, so they agree.
 */
export async function eventEnvironment(
  options: { store: DeliveryEventStore; productionTargets: ProductionTargets },
  entityRef: string,
  subject: EventSubject,
): Promise<string> {
  const { store, productionTargets } = options;
  if (subject.instance && subject.application) {
    const recorded = await store.environmentOf({
      entityRef,
      instance: subject.instance,
      application: subject.application,
    });
    if (recorded) return recorded;
  }
  const named = environmentOfNames(
    {
      namespace: subject.namespace,
      name: subject.application ?? subject.name,
    },
    false,
  );
  if (named) return named;
  const cluster = environmentOfNames({ name: subject.cluster }, false);
  if (cluster) return cluster;
  const known = (await store.environments([entityRef])).get(entityRef);
  return defaultEnvironment(known ?? [], productionTargets) ?? 'default';
}

/** The environment figures are shown for by default: a production-like one, else the last. */
export function defaultEnvironment(
  environments: string[],
  productionTargets: ProductionTargets,
): string | undefined {
  const ordered = inPromotionOrder(environments);
  return (
    [...ordered]
      .reverse()
      .find(env => productionTargets.isProductionLike([env])) ??
    ordered[ordered.length - 1]
  );
}
