import {
  DeliveryTargets,
  RolloutRef,
} from '@go-delivery/plugin-delivery-common';
import {
  ARGO_ROLLOUTS,
  KubernetesClient,
} from '@go-delivery/plugin-delivery-node';
import { ProductionTargets } from '../../actions/confirmation';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import {
  bindKubernetesObject,
  BoundKubernetesObject,
  EntityObjectKind,
  readEntityObject,
} from '../../binding/kubernetesObjects';
import { RolloutResource } from './argoRolloutsTypes';

/** A Rollout a request names, bound to the entity. */
export type BoundRollout = BoundKubernetesObject;

const ROLLOUTS: EntityObjectKind = {
  type: ARGO_ROLLOUTS,
  kind: 'Rollout',
  plural: 'Rollouts',
  absent: 'names no Kubernetes workloads',
};

/** Binds a Rollout reference to the entity's Kubernetes target; see `bindKubernetesObject`. */
export function bindRollout(options: {
  targets: DeliveryTargets;
  clusters: InstanceRegistry<KubernetesClient>;
  ref: RolloutRef;
}): BoundRollout {
  return bindKubernetesObject({
    entityRef: options.targets.entityRef,
    target: options.targets.kubernetes,
    clusters: options.clusters,
    ref: options.ref,
    of: ROLLOUTS,
  });
}

/** Reads the Rollout now, if it is the entity's. */
export function readEntityRollout(
  bound: BoundRollout,
): Promise<RolloutResource> {
  return readEntityObject<RolloutResource>(bound, ROLLOUTS);
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
