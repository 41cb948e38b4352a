import { ARGO_ROLLOUTS } from '@go-delivery/plugin-delivery-node';
import { ProductionTargets } from '../../actions/confirmation';
import {
  BoundKubernetesObject,
  EntityObjectKind,
  readEntityObject,
} from '../../binding/kubernetesObjects';
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
