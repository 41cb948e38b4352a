import { NotFoundError } from '@backstage/errors';
import {
  DeliveryTargets,
  KubernetesTarget,
  labelsMatchSelector,
  RolloutRef,
} from '@go-delivery/plugin-delivery-common';
import {
  ARGO_ROLLOUTS,
  KubernetesClient,
} from '@go-delivery/plugin-delivery-node';
import { ProductionTargets } from '../../actions/confirmation';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { checkObjectRef } from '../../upstreams/kubernetes/checkObjectRef';
import { RolloutResource } from './argoRolloutsTypes';

/** A Rollout a request names, bound to the entity: its cluster's client and the entity's selector. */
export interface BoundRollout {
  target: KubernetesTarget;
  client: KubernetesClient;
  ref: RolloutRef;
}

/**
 * Binds a Rollout reference to the entity before any upstream request: the entity names
 * Kubernetes workloads, the cluster is configured, the names are valid and the namespace is the
 * annotated one.
 */
export function bindRollout(options: {
  targets: DeliveryTargets;
  clusters: InstanceRegistry<KubernetesClient>;
  ref: RolloutRef;
}): BoundRollout {
  const { targets, clusters, ref } = options;
  const target = targets.kubernetes;
  if (!target) {
    throw new NotFoundError(
      `Entity '${targets.entityRef}' names no Kubernetes workloads`,
    );
  }
  const client = clusters.require(ref.cluster);
  checkObjectRef(ref, 'Rollout');
  if (target.namespace !== undefined && ref.namespace !== target.namespace) {
    throw notEntityRollout(ref);
  }
  return {
    target,
    client,
    ref: { cluster: ref.cluster, namespace: ref.namespace, name: ref.name },
  };
}

/** Reads the Rollout and checks, on the server, that the entity's selector matches it. */
export async function readEntityRollout(
  bound: BoundRollout,
): Promise<RolloutResource> {
  const { client, target, ref } = bound;
  const rollout = await client.get<RolloutResource>(ARGO_ROLLOUTS, {
    namespace: ref.namespace,
    name: ref.name,
  });
  if (!labelsMatchSelector(target.labelSelector, rollout.metadata?.labels)) {
    throw notEntityRollout(ref);
  }
  return rollout;
}

/** Whether abort and undo of this Rollout need the typed confirmation. */
export function isProductionLikeRollout(
  productionTargets: ProductionTargets,
  cluster: string,
  rollout: RolloutResource,
): boolean {
  return productionTargets.isProductionLike([
    cluster,
    rollout.metadata?.namespace,
    rollout.metadata?.labels?.environment,
  ]);
}

/** Not found rather than forbidden: whether another entity's Rollout exists is not the caller's business. */
function notEntityRollout(ref: RolloutRef): NotFoundError {
  return new NotFoundError(
    `Rollout '${ref.name}' in ${ref.cluster}/${ref.namespace} is not one of the entity's Rollouts`,
  );
}
