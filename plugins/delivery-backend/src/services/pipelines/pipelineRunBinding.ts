import {
  DeliveryTargets,
  PipelineRunRef,
} from '@go-delivery/plugin-delivery-common';
import {
  KubernetesClient,
  TEKTON_PIPELINE_RUNS,
} from '@go-delivery/plugin-delivery-node';
import {
  bindKubernetesObject,
  BoundKubernetesObject,
  EntityObjectKind,
  readEntityObject,
} from '../../binding/kubernetesObjects';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { PipelineRunResource } from './tektonTypes';

/** A run a request names, bound to the entity. */
export type BoundPipelineRun = BoundKubernetesObject;

const PIPELINE_RUNS: EntityObjectKind = {
  type: TEKTON_PIPELINE_RUNS,
  kind: 'PipelineRun',
  plural: 'runs',
  absent: 'shows no Tekton pipeline runs',
};

/** Binds a run reference to the entity's Tekton target; see `bindKubernetesObject`. */
export function bindPipelineRun(options: {
  targets: DeliveryTargets;
  clusters: InstanceRegistry<KubernetesClient>;
  ref: PipelineRunRef;
}): BoundPipelineRun {
  return bindKubernetesObject({
    entityRef: options.targets.entityRef,
    target: options.targets.tekton,
    clusters: options.clusters,
    ref: options.ref,
    of: PIPELINE_RUNS,
  });
}

/** Reads the run now, if it is the entity's. */
export function readEntityRun(
  bound: BoundPipelineRun,
): Promise<PipelineRunResource> {
  return readEntityObject<PipelineRunResource>(bound, PIPELINE_RUNS);
}
