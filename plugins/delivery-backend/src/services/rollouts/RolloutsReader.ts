import {
  isDnsLabel,
  KubernetesTarget,
  RolloutsResponse,
  RolloutView,
} from '@go-delivery/plugin-delivery-common';
import {
  ANALYSIS_RUNS,
  ARGO_ROLLOUTS,
  KubernetesClient,
  REPLICA_SETS,
} from '@go-delivery/plugin-delivery-node';
import { ProductionTargets } from '../../actions/confirmation';
import { toActionError } from '../../actions/toActionError';
import { attempt, fanOut } from '../../upstreams/fanOut';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { KubernetesReads } from '../../upstreams/kubernetes/KubernetesReads';
import {
  AnalysisRunResource,
  ReplicaSetResource,
  RolloutResource,
} from './argoRolloutsTypes';
import {
  BoundRollout,
  isProductionLikeRollout,
  readEntityRollout,
} from './rolloutBinding';
import { selectorOf } from './rolloutSelector';
import { toRolloutView } from './toRolloutView';

export interface RolloutsReaderOptions {
  clusters: InstanceRegistry<KubernetesClient>;
  kubernetes: KubernetesReads;
  productionTargets: ProductionTargets;
}

/**
 * An entity's Argo Rollouts: target → one selector → every cluster in parallel → each Rollout
 * with its ReplicaSets and AnalysisRuns (picked by owner, as the kubectl plugin does) → view
 * models. A cluster without Argo Rollouts has no Rollouts; a failing one becomes a failure entry.
 */
export class RolloutsReader {
  constructor(private readonly options: RolloutsReaderOptions) {}

  async listRollouts(
    target: KubernetesTarget | undefined,
  ): Promise<RolloutsResponse> {
    const read = await fanOut({
      kind: 'kubernetes',
      clients: target ? this.options.clusters.all() : [],
      read: client => this.readCluster(client, target!),
    });
    return {
      rollouts: read.results.flatMap(r => r.value),
      failures: read.failures,
      clusters: read.instances,
    };
  }

  /**
   * Whether the entity has a canary Rollout, whose canary traffic (the `<name>-canary` series)
   * the metrics show apart.
   */
  async hasCanary(target: KubernetesTarget | undefined): Promise<boolean> {
    const { rollouts } = await this.listRollouts(target);
    return rollouts.some(r => r.strategy === 'canary');
  }

  /** One of the entity's Rollouts, read fresh (not from the cache). */
  async getRollout(bound: BoundRollout): Promise<RolloutView> {
    try {
      const rollout = await readEntityRollout(bound);
      return await this.viewOf(bound.client, rollout, false);
    } catch (error) {
      throw toActionError(error);
    }
  }

  /** The view of a Rollout just read, its details read fresh or through the cache. */
  async viewOf(
    client: KubernetesClient,
    rollout: RolloutResource,
    cached: boolean,
  ): Promise<RolloutView> {
    const details = await this.details(client, rollout, cached);
    return toRolloutView({
      cluster: client.name,
      rollout,
      replicaSets: details.ok ? details.value.replicaSets : [],
      analysisRuns: details.ok ? details.value.analysisRuns : [],
      confirmationRequired: isProductionLikeRollout(
        this.options.productionTargets,
        client.name,
        rollout,
      ),
      detailsFailure: details.ok ? undefined : details.failure,
    });
  }

  private async readCluster(
    client: KubernetesClient,
    target: KubernetesTarget,
  ): Promise<RolloutView[]> {
    const rollouts = await this.options.kubernetes.list<RolloutResource>(
      client,
      ARGO_ROLLOUTS,
      { namespace: target.namespace, labelSelector: target.labelSelector },
    );
    return Promise.all(
      rollouts.map(rollout => this.viewOf(client, rollout, true)),
    );
  }

  /** The namespace's ReplicaSets (by the Rollout's selector) and AnalysisRuns. */
  private details(
    client: KubernetesClient,
    rollout: RolloutResource,
    cached: boolean,
  ) {
    const namespace = rollout.metadata?.namespace;
    const none = {
      replicaSets: [] as ReplicaSetResource[],
      analysisRuns: [] as AnalysisRunResource[],
    };
    return attempt<typeof none>(
      { kind: 'kubernetes', instance: client.name },
      async () => {
        if (!namespace || !isDnsLabel(namespace)) return none;
        const selector = selectorOf(rollout.spec?.selector);
        const list = <T extends ReplicaSetResource | AnalysisRunResource>(
          type: typeof REPLICA_SETS,
          labelSelector?: string,
        ): Promise<T[]> =>
          cached
            ? this.options.kubernetes.list<T>(client, type, {
                namespace,
                labelSelector,
              })
            : this.options.kubernetes.fresh<T>(client, type, {
                namespace,
                labelSelector,
              });
        const [replicaSets, analysisRuns] = await Promise.all([
          selector
            ? list<ReplicaSetResource>(REPLICA_SETS, selector)
            : Promise.resolve([]),
          list<AnalysisRunResource>(ANALYSIS_RUNS),
        ]);
        return { replicaSets, analysisRuns };
      },
    );
  }
}
