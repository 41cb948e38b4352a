import {
  DeliveryTargets,
  RolloutRef,
} from '@go-delivery/plugin-delivery-common';
import {
  ARGO_ROLLOUTS,
  KubernetesClient,
} from '@go-delivery/plugin-delivery-node';
import { ProductionTargets } from '../../actions/confirmation';
import {
  bindKubernetesObject,
  BoundKubernetesObject,
  EntityObjectKind,
  readEntityObject,
} from '../../binding/kubernetesObjects';
import { EntityClaims } from '../../binding/entityClaims';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { RolloutResource } from './argoRolloutsTypes';

/** A Rollout a request names, bound to the entity. */
export type BoundRollout = BoundKubernetesObject;

/** The entity's Argo Rollouts: selected by its Kubernetes target. */
export const ROLLOUTS: EntityObjectKind = {
  type: ARGO_ROLLOUTS,
  kind: 'Rollout',
  plural: 'Rollouts',
  absent: 'names no Kubernetes workloads',
  targetOf: targets => targets.kubernetes,
};

/** Binds a Rollout reference to the entity; see `bindKubernetesObject`. */
export function bindRollout(options: {
  targets: DeliveryTargets;
  clusters: InstanceRegistry<KubernetesClient>;
  ref: RolloutRef;
  claims?: EntityClaims;
}): BoundRollout {
  return bindKubernetesObject({ ...options, of: ROLLOUTS });
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
