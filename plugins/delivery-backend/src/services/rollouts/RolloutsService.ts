import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  formatLabelSelector,
  isDnsLabel,
  isLabelKey,
  isLabelValue,
  KubernetesTarget,
  LabelSelectorRequirement,
  labelsMatchSelector,
  readKubernetesTarget,
  rolloutAbortPermission,
  RolloutAction,
  RolloutActionRequest,
  RolloutActionResponse,
  deliveryRollbackPermission,
  rolloutPromotePermission,
  RolloutRef,
  RolloutsResponse,
  RolloutView,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { ActionOnce } from '../../lib/ActionOnce';
import {
  authorizeEntityAction,
  entityPermissionDecisions,
  principalOf,
} from '../../lib/authorizeEntityAction';
import { CachedLoader } from '../../lib/CachedLoader';
import { ProductionTargets } from '../../lib/productionTargets';
import {
  checkObjectRef,
  KubernetesClusters,
} from '../../upstreams/kubernetes/KubernetesClusters';
import { toActionError } from '../../upstreams/kubernetes/toActionError';
import { readEntityAnnotations } from '../readEntityAnnotations';
import {
  AnalysisRunResource,
  LabelSelector,
  ReplicaSetResource,
  RolloutResource,
} from './argoRolloutsTypes';
import { RolloutPatches, statusPatchesFor } from './rolloutPatches';
import {
  canarySteps,
  currentStepIndexOf,
  desiredCanaryWeight,
} from './rolloutState';
import { toRolloutView } from './toRolloutView';
import { isCurrentTemplate, undoPatch, undoTarget } from './undo';
import {
  ANALYSIS_RUNS,
  ARGO_ROLLOUTS,
  KubernetesApiError,
  KubernetesClient,
  REPLICA_SETS,
  toUpstreamFailure,
} from '@go-delivery/plugin-delivery-node';

/** Which permission each action needs. */
const ACTION_PERMISSIONS: Record<
  RolloutAction,
  ResourcePermission<'catalog-entity'>
> = {
  promote: rolloutPromotePermission,
  'promote-full': rolloutPromotePermission,
  retry: rolloutPromotePermission,
  abort: rolloutAbortPermission,
  undo: deliveryRollbackPermission,
};

/** Actions that take traffic away from what runs now: confirmed by name on production targets. */
const CONFIRMED_ACTIONS: readonly RolloutAction[] = ['abort', 'undo'];

export interface RolloutsServiceOptions {
  kubernetesClients: KubernetesClient[];
  loader: CachedLoader;
  permissions: PermissionsService;
  actionOnce: ActionOnce;
  productionTargets: ProductionTargets;
}

interface RolloutDetails {
  replicaSets: ReplicaSetResource[];
  analysisRuns: AnalysisRunResource[];
  failure?: UpstreamFailure;
}

type ClusterResult =
  | { ok: true; rollouts: RolloutView[] }
  | { ok: false; failure: UpstreamFailure };

/** Drops what nobody reads, so cached lists stay small. */
function slim<T extends { metadata?: any }>(object: T): T {
  const metadata = { ...object.metadata };
  delete metadata.managedFields;
  if (metadata.annotations) {
    const annotations = { ...metadata.annotations };
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    metadata.annotations = annotations;
  }
  return { ...object, metadata };
}

const OPERATORS: Record<string, LabelSelectorRequirement['operator']> = {
  In: 'in',
  NotIn: 'notIn',
  Exists: 'exists',
  DoesNotExist: 'notExists',
};

/**
 * A Rollout's `spec.selector` as a selector string, for listing its ReplicaSets; undefined when
 * it is empty or holds something that is not a valid label (the object comes from a cluster,
 * but the string still goes into a URL).
 */
export function selectorOf(
  selector: LabelSelector | undefined,
): string | undefined {
  const requirements: LabelSelectorRequirement[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    if (!isLabelKey(key) || typeof value !== 'string' || !isLabelValue(value))
      return undefined;
    requirements.push({ key, operator: 'equals', values: [value] });
  }
  for (const expression of selector?.matchExpressions ?? []) {
    const operator = OPERATORS[expression?.operator ?? ''];
    const values = expression?.values ?? [];
    if (
      !operator ||
      !expression.key ||
      !isLabelKey(expression.key) ||
      !values.every(v => typeof v === 'string' && isLabelValue(v))
    ) {
      return undefined;
    }
    requirements.push({ key: expression.key, operator, values });
  }
  return requirements.length > 0
    ? formatLabelSelector(requirements)
    : undefined;
}

/**
 * An entity's Argo Rollouts: the Kubernetes annotations → one selector → every cluster in
 * parallel → each Rollout with its ReplicaSets and AnalysisRuns (picked by owner, as the kubectl
 * plugin does) → view models. A cluster without Argo Rollouts has no Rollouts; a failing one
 * becomes a failure entry. Actions are patched the way `kubectl argo rollouts` patches them,
 * after the permission check, and only on a Rollout the entity's selector matches.
 */
export class RolloutsService {
  private readonly clusters: KubernetesClusters;

  constructor(private readonly options: RolloutsServiceOptions) {
    this.clusters = new KubernetesClusters(options.kubernetesClients);
  }

  async listRollouts(
    entity: Entity,
    credentials?: BackstageCredentials,
  ): Promise<RolloutsResponse> {
    const target = readEntityAnnotations(() => readKubernetesTarget(entity));
    const clients = target ? this.clusters.all() : [];
    const [results, allowed] = await Promise.all([
      Promise.all(clients.map(c => this.readCluster(c, target!))),
      credentials
        ? entityPermissionDecisions({
            permissions: this.options.permissions,
            entity,
            credentials,
            checks: [
              rolloutPromotePermission,
              rolloutAbortPermission,
              deliveryRollbackPermission,
            ],
          })
        : Promise.resolve([false, false, false]),
    ]);
    const response: RolloutsResponse = {
      rollouts: [],
      failures: [],
      clusters: clients.map(c => c.name),
      allowed: { promote: allowed[0], abort: allowed[1], undo: allowed[2] },
    };
    for (const result of results) {
      if (result.ok) response.rollouts.push(...result.rollouts);
      else response.failures.push(result.failure);
    }
    return response;
  }

  /**
   * Whether the entity has a canary Rollout, whose canary traffic (the `<name>-canary` series)
   * the metrics show apart.
   */
  async hasCanary(entity: Entity): Promise<boolean> {
    const { rollouts } = await this.listRollouts(entity);
    return rollouts.some(r => r.strategy === 'canary');
  }

  /** One of the entity's Rollouts, read fresh (not from the cache). */
  async getRollout(entity: Entity, ref: RolloutRef): Promise<RolloutView> {
    const { target, client } = this.resolve(entity, ref);
    try {
      const rollout = await this.entityRollout(client, target, ref);
      return await this.viewOf(client, rollout, false);
    } catch (error) {
      throw toActionError(error);
    }
  }

  /**
   * A rollout action on behalf of the caller: validate, authorize, then act once per
   * idempotency key.
   */
  async act(options: {
    entity: Entity;
    action: RolloutAction;
    request: RolloutActionRequest;
    credentials: BackstageCredentials;
  }): Promise<RolloutActionResponse> {
    const { entity, action, request, credentials } = options;
    this.resolve(entity, request);
    await authorizeEntityAction({
      permissions: this.options.permissions,
      entity,
      credentials,
      permission: ACTION_PERMISSIONS[action],
    });
    const { value, replayed } = await this.options.actionOnce.run({
      scope: {
        actor: principalOf(credentials) ?? 'unknown',
        entityRef: stringifyEntityRef(entity),
        idempotencyKey: request.idempotencyKey,
      },
      target: `rollout:${request.cluster}/${request.namespace}/${request.name}`,
      description: `An action on Rollout '${request.name}'`,
      act: () =>
        this.perform({
          entity,
          action,
          ref: request,
          confirmation: request.confirmation,
          toRevision: request.toRevision,
        }),
    });
    return { ...value, replayed };
  }

  /**
   * Performs an action without the permission check or the idempotency guard: for callers that
   * did both (the rollback service aborting a canary).
   */
  async perform(options: {
    entity: Entity;
    action: RolloutAction;
    ref: RolloutRef;
    confirmation?: string;
    toRevision?: number;
  }): Promise<RolloutActionResponse> {
    const { entity, action, ref } = options;
    const { target, client } = this.resolve(entity, ref);
    try {
      const rollout = await this.entityRollout(client, target, ref);
      if (
        CONFIRMED_ACTIONS.includes(action) &&
        this.isProductionLike(client, rollout)
      ) {
        checkConfirmation(ref.name, options.confirmation);
      }
      const message =
        action === 'undo'
          ? await this.undo(client, rollout, ref, options.toRevision)
          : await this.patchStatus(client, rollout, ref, action);
      await this.invalidate(client, target, ref.namespace);
      const after = await client.get<RolloutResource>(ARGO_ROLLOUTS, ref);
      return {
        action,
        target: {
          cluster: ref.cluster,
          namespace: ref.namespace,
          name: ref.name,
        },
        message,
        rollout: await this.viewOf(client, after, false),
        replayed: false,
      };
    } catch (error) {
      throw toActionError(error);
    }
  }

  /** Whether abort and undo of this Rollout need the typed confirmation. */
  isProductionLike(
    client: KubernetesClient,
    rollout: RolloutResource,
  ): boolean {
    return this.options.productionTargets.isProductionLike([
      client.name,
      rollout.metadata?.namespace,
      rollout.metadata?.labels?.environment,
    ]);
  }

  /** Validates a Rollout reference against the entity's annotations and the configured clusters. */
  resolve(
    entity: Entity,
    ref: RolloutRef,
  ): { target: KubernetesTarget; client: KubernetesClient } {
    const target = readEntityAnnotations(() => readKubernetesTarget(entity));
    if (!target) {
      throw new NotFoundError(
        `Entity '${stringifyEntityRef(entity)}' names no Kubernetes workloads`,
      );
    }
    const client = this.clusters.require(ref.cluster);
    checkObjectRef(ref, 'Rollout');
    if (target.namespace !== undefined && ref.namespace !== target.namespace) {
      throw notEntityRollout(ref);
    }
    return { target, client };
  }

  private async patchStatus(
    client: KubernetesClient,
    rollout: RolloutResource,
    ref: RolloutRef,
    action: Exclude<RolloutAction, 'undo'>,
  ): Promise<string> {
    if (action === 'retry' && rollout.status?.abort !== true) {
      throw new ConflictError(`Rollout '${ref.name}' is not aborted`);
    }
    await this.applyPatches(client, ref, statusPatchesFor(action, rollout));
    const steps = canarySteps(rollout).length;
    switch (action) {
      case 'promote': {
        const index = currentStepIndexOf(rollout) ?? 0;
        return steps > 0
          ? `Rollout '${ref.name}' promoted past step ${index} of ${steps}`
          : `Rollout '${ref.name}' promoted`;
      }
      case 'promote-full':
        return `Rollout '${ref.name}' fully promoted`;
      case 'abort':
        return `Rollout '${
          ref.name
        }' aborted: traffic returns to the stable ReplicaSet (the canary had ${desiredCanaryWeight(
          rollout,
        )} %)`;
      default:
        return `Rollout '${ref.name}' retried`;
    }
  }

  /**
   * Status first, on the status subresource; a 404 there means the cluster's Rollout CRD does not
   * serve it (Argo Rollouts before v0.10), and the combined patch goes to the object instead.
   */
  private async applyPatches(
    client: KubernetesClient,
    ref: RolloutRef,
    patches: RolloutPatches,
  ): Promise<void> {
    let specPatch = patches.spec;
    if (patches.status) {
      try {
        await client.patch(ARGO_ROLLOUTS, {
          namespace: ref.namespace,
          name: ref.name,
          patchType: 'merge',
          subresource: 'status',
          patch: patches.status,
        });
      } catch (error) {
        if (!(error instanceof KubernetesApiError && error.status === 404)) {
          throw error;
        }
        specPatch = patches.unified;
      }
    }
    if (specPatch) {
      await client.patch(ARGO_ROLLOUTS, {
        namespace: ref.namespace,
        name: ref.name,
        patchType: 'merge',
        patch: specPatch,
      });
    }
  }

  private async undo(
    client: KubernetesClient,
    rollout: RolloutResource,
    ref: RolloutRef,
    toRevision: number | undefined,
  ): Promise<string> {
    if (rollout.spec?.workloadRef) {
      throw new ConflictError(
        `Rollout '${ref.name}' takes its template from a ${
          rollout.spec.workloadRef.kind ?? 'workload'
        }; undo it there`,
      );
    }
    const selector = selectorOf(rollout.spec?.selector);
    const replicaSets = selector
      ? await client.list<ReplicaSetResource>(REPLICA_SETS, {
          namespace: ref.namespace,
          labelSelector: selector,
        })
      : [];
    const target = undoTarget(rollout, replicaSets, toRevision);
    if (!target) {
      throw new NotFoundError(
        toRevision !== undefined
          ? `Rollout '${ref.name}' has no revision ${toRevision} in its history`
          : `Rollout '${ref.name}' has no earlier revision to return to`,
      );
    }
    if (isCurrentTemplate(rollout, target)) {
      throw new ConflictError(
        `Rollout '${ref.name}' already runs the template of revision ${target.revision}`,
      );
    }
    await client.patch(ARGO_ROLLOUTS, {
      namespace: ref.namespace,
      name: ref.name,
      patchType: 'json',
      patch: undoPatch(target),
    });
    return `Rollout '${ref.name}' returned to the pod template of revision ${target.revision}`;
  }

  /** Reads the Rollout and checks, on the server, that the entity's selector matches it. */
  private async entityRollout(
    client: KubernetesClient,
    target: KubernetesTarget,
    ref: RolloutRef,
  ): Promise<RolloutResource> {
    const rollout = await client.get<RolloutResource>(ARGO_ROLLOUTS, {
      namespace: ref.namespace,
      name: ref.name,
    });
    if (!labelsMatchSelector(target.labelSelector, rollout.metadata?.labels)) {
      throw notEntityRollout(ref);
    }
    return rollout;
  }

  private cacheKey(client: KubernetesClient, ...parts: string[]): string {
    return `kubernetes:${client.name}:${parts.join(':')}`;
  }

  private async invalidate(
    client: KubernetesClient,
    target: KubernetesTarget,
    namespace: string,
  ): Promise<void> {
    await Promise.all([
      this.options.loader.invalidate(
        this.cacheKey(
          client,
          'rollouts',
          target.namespace ?? '*',
          target.labelSelector,
        ),
      ),
      this.options.loader.invalidate(
        this.cacheKey(client, 'analysisruns', namespace),
      ),
    ]);
  }

  private async readCluster(
    client: KubernetesClient,
    target: KubernetesTarget,
  ): Promise<ClusterResult> {
    let rollouts: RolloutResource[];
    try {
      rollouts = await this.options.loader.load(
        this.cacheKey(
          client,
          'rollouts',
          target.namespace ?? '*',
          target.labelSelector,
        ),
        async () =>
          (
            await client.list<RolloutResource>(ARGO_ROLLOUTS, {
              namespace: target.namespace,
              labelSelector: target.labelSelector,
            })
          ).map(slim),
      );
    } catch (error) {
      if (error instanceof KubernetesApiError && error.isResourceTypeMissing) {
        // Argo Rollouts is not installed on this cluster: no Rollouts, not a failure.
        return { ok: true, rollouts: [] };
      }
      return {
        ok: false,
        failure: toUpstreamFailure(error, {
          kind: 'kubernetes',
          instance: client.name,
        }),
      };
    }
    const views = await Promise.all(
      rollouts.map(rollout => this.viewOf(client, rollout, true)),
    );
    return { ok: true, rollouts: views };
  }

  private async viewOf(
    client: KubernetesClient,
    rollout: RolloutResource,
    cached: boolean,
  ): Promise<RolloutView> {
    const details = await this.details(client, rollout, cached);
    return toRolloutView({
      cluster: client.name,
      rollout,
      replicaSets: details.replicaSets,
      analysisRuns: details.analysisRuns,
      confirmationRequired: this.isProductionLike(client, rollout),
      detailsFailure: details.failure,
    });
  }

  /** The namespace's ReplicaSets (by the Rollout's selector) and AnalysisRuns. */
  private async details(
    client: KubernetesClient,
    rollout: RolloutResource,
    cached: boolean,
  ): Promise<RolloutDetails> {
    const namespace = rollout.metadata?.namespace;
    if (!namespace || !isDnsLabel(namespace)) {
      return { replicaSets: [], analysisRuns: [] };
    }
    const selector = selectorOf(rollout.spec?.selector);
    const load = <T>(key: string, fetch: () => Promise<T>) =>
      cached ? this.options.loader.load(key, fetch) : fetch();
    try {
      const [replicaSets, analysisRuns] = await Promise.all([
        selector
          ? load(
              this.cacheKey(client, 'replicasets', namespace, selector),
              async () =>
                (
                  await client.list<ReplicaSetResource>(REPLICA_SETS, {
                    namespace,
                    labelSelector: selector,
                  })
                ).map(slim),
            )
          : Promise.resolve([]),
        load(this.cacheKey(client, 'analysisruns', namespace), async () => {
          try {
            return (
              await client.list<AnalysisRunResource>(ANALYSIS_RUNS, {
                namespace,
              })
            ).map(slim);
          } catch (error) {
            if (
              error instanceof KubernetesApiError &&
              error.isResourceTypeMissing
            ) {
              return [];
            }
            throw error;
          }
        }),
      ]);
      return { replicaSets, analysisRuns };
    } catch (error) {
      return {
        replicaSets: [],
        analysisRuns: [],
        failure: toUpstreamFailure(error, {
          kind: 'kubernetes',
          instance: client.name,
        }),
      };
    }
  }
}

/** Throws unless the confirmation equals the name (trimmed); checked on the server. */
export function checkConfirmation(
  name: string,
  confirmation: string | undefined,
): void {
  if (confirmation?.trim() !== name) {
    throw new InputError(
      `This target looks like production: confirm by sending 'confirmation' equal to '${name}'`,
    );
  }
}

/** Not found rather than forbidden: whether another entity's Rollout exists is not the caller's business. */
function notEntityRollout(ref: RolloutRef): NotFoundError {
  return new NotFoundError(
    `Rollout '${ref.name}' in ${ref.cluster}/${ref.namespace} is not one of the entity's Rollouts`,
  );
}
