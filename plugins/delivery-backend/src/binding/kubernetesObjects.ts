import { NotFoundError } from '@backstage/errors';
import {
  DeliveryTargets,
  KubernetesTarget,
  labelsMatchSelector,
} from '@go-delivery/plugin-delivery-common';
import {
  KubernetesClient,
  KubernetesObject,
  KubernetesResourceType,
} from '@go-delivery/plugin-delivery-node';
import { InstanceRegistry } from '../upstreams/InstanceRegistry';
import { checkObjectRef } from './checkObjectRef';
import { ClaimedObject, EntityClaims } from './entityClaims';

/** One object a request names: a configured cluster, a namespace and a name. */
export interface KubernetesObjectRef {
  cluster: string;
  namespace: string;
  name: string;
}

/** An object a request names, bound to the entity: its cluster's client and the entity's selector. */
export interface BoundKubernetesObject {
  entityRef: string;
  target: KubernetesTarget;
  client: KubernetesClient;
  ref: KubernetesObjectRef;
  /** Set for writes: the object read must be claimed by this entity alone. */
  claims?: EntityClaims;
}

/** How one kind of the entity's objects is named in messages. */
export interface EntityObjectKind {
  type: KubernetesResourceType;
  /** `PipelineRun`, `Rollout`. */
  kind: string;
  /** `runs`, `Rollouts`: "is not one of the entity's …". */
  plural: string;
  /** Why an entity has none: "shows no Tekton pipeline runs". */
  absent: string;
  /** Which of the entity's targets selects them. */
  targetOf: (targets: DeliveryTargets) => KubernetesTarget | undefined;
}

/**
 * Binds an object reference to the entity before any upstream request: the entity names such
 * objects, the cluster is configured, the names are valid and the namespace is the annotated one.
 */
export function bindKubernetesObject(options: {
  targets: DeliveryTargets;
  clusters: InstanceRegistry<KubernetesClient>;
  ref: KubernetesObjectRef;
  of: EntityObjectKind;
  /** For writes: which entities claim which objects. */
  claims?: EntityClaims;
}): BoundKubernetesObject {
  const { targets, clusters, ref, of } = options;
  const target = of.targetOf(targets);
  if (!target) {
    throw new NotFoundError(`Entity '${targets.entityRef}' ${of.absent}`);
  }
  const client = clusters.require(ref.cluster);
  checkObjectRef(ref, of.kind);
  if (target.namespace !== undefined && ref.namespace !== target.namespace) {
    throw notEntityObject(ref, of);
  }
  return {
    entityRef: targets.entityRef,
    target,
    client,
    ref: { cluster: ref.cluster, namespace: ref.namespace, name: ref.name },
    ...(options.claims ? { claims: options.claims } : {}),
  };
}

/** The object a write is about, for the claim check before any upstream request. */
export function claimedKubernetesObject(
  bound: BoundKubernetesObject,
  of: EntityObjectKind,
): ClaimedObject {
  const { ref } = bound;
  return {
    kind: 'kubernetes',
    namespace: ref.namespace,
    description: `${of.kind} '${ref.name}' in ${ref.cluster}/${ref.namespace}`,
  };
}

/**
 * Reads the object now and checks, on the server, that the entity's selector matches it — the
 * very filter the entity's read lists its objects with (its selector, in its annotated namespace)
 * — and, for writes, that no other entity's selector matches it too.
 */
export async function readEntityObject<T extends KubernetesObject>(
  bound: BoundKubernetesObject,
  of: EntityObjectKind,
): Promise<T> {
  const { client, target, ref } = bound;
  const object = await client.get<T>(of.type, {
    namespace: ref.namespace,
    name: ref.name,
  });
  if (!labelsMatchSelector(target.labelSelector, object.metadata?.labels)) {
    throw notEntityObject(ref, of);
  }
  await bound.claims?.assertSoleKubernetesClaimant({
    entityRef: bound.entityRef,
    object: `${of.kind} '${ref.name}' in ${ref.cluster}/${ref.namespace}`,
    namespace: ref.namespace,
    labels: object.metadata?.labels,
  });
  return object;
}

/** Not found rather than forbidden: whether another entity's object exists is not the caller's business. */
function notEntityObject(
  ref: KubernetesObjectRef,
  of: EntityObjectKind,
): NotFoundError {
  return new NotFoundError(
    `${of.kind} '${ref.name}' in ${ref.cluster}/${ref.namespace} is not one of the entity's ${of.plural}`,
  );
}
