import { TEKTON_PIPELINE_RUNS } from '@go-delivery/plugin-delivery-node';
import {
  BoundKubernetesObject,
  EntityObjectKind,
} from '../../binding/kubernetesObjects';

/** A run a request names, bound to the entity. */
export type BoundPipelineRun = BoundKubernetesObject;

/** The entity's PipelineRuns: selected by its Tekton target. */
export const PIPELINE_RUNS: EntityObjectKind = {
  type: TEKTON_PIPELINE_RUNS,
  kind: 'PipelineRun',
  plural: 'runs',
  absent: 'shows no Tekton pipeline runs',
  targetOf: targets => targets.tekton,
};
