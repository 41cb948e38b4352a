import { NotFoundError } from '@backstage/errors';
import {
  DeliveryTargets,
  KubernetesTarget,
  labelsMatchSelector,
  PipelineRunRef,
} from '@go-delivery/plugin-delivery-common';
import {
  KubernetesClient,
  TEKTON_PIPELINE_RUNS,
} from '@go-delivery/plugin-delivery-node';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { checkObjectRef } from '../../upstreams/kubernetes/checkObjectRef';
import { PipelineRunResource } from './tektonTypes';

/** A run a request names, bound to the entity: its cluster's client and the entity's selector. */
export interface BoundPipelineRun {
  target: KubernetesTarget;
  client: KubernetesClient;
  ref: PipelineRunRef;
}

/**
 * Binds a run reference to the entity before any upstream request: the entity shows Tekton runs,
 * the cluster is configured, the names are valid and the namespace is the annotated one.
 */
export function bindPipelineRun(options: {
  targets: DeliveryTargets;
  clusters: InstanceRegistry<KubernetesClient>;
  ref: PipelineRunRef;
}): BoundPipelineRun {
  const { targets, clusters, ref } = options;
  const target = targets.tekton;
  if (!target) {
    throw new NotFoundError(
      `Entity '${targets.entityRef}' shows no Tekton pipeline runs`,
    );
  }
  const client = clusters.require(ref.cluster);
  checkObjectRef(ref, 'PipelineRun');
  if (target.namespace !== undefined && ref.namespace !== target.namespace) {
    throw notEntityRun(ref);
  }
  return { target, client, ref };
}

/** Reads the run and checks, on the server, that the entity's selector matches it. */
export async function readEntityRun(
  bound: BoundPipelineRun,
): Promise<PipelineRunResource> {
  const { client, target, ref } = bound;
  const run = await client.get<PipelineRunResource>(TEKTON_PIPELINE_RUNS, {
    namespace: ref.namespace,
    name: ref.name,
  });
  if (!labelsMatchSelector(target.labelSelector, run.metadata?.labels)) {
    throw notEntityRun(ref);
  }
  return run;
}

/** Not found rather than forbidden: whether another entity's run exists is not the caller's business. */
function notEntityRun(ref: PipelineRunRef): NotFoundError {
  return new NotFoundError(
    `PipelineRun '${ref.name}' in ${ref.cluster}/${ref.namespace} is not one of the entity's runs`,
  );
}
