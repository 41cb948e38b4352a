import {
  RollbackKind,
  RollbackTarget,
} from '@go-delivery/plugin-delivery-common';
import { KubernetesClient } from '@go-delivery/plugin-delivery-node';
import { ProductionTargets } from '../../actions/confirmation';
import { ArgoCdReads } from '../../upstreams/argocd/ArgoCdReads';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { RolloutActions } from '../rollouts/RolloutActions';
import { RolloutsReader } from '../rollouts/RolloutsReader';
import { GitopsRepositories } from './gitops/GitopsRepositories';
import { abortCanaryStrategy } from './strategies/abortCanary';
import { argoCdHistoryStrategy } from './strategies/argoCdHistory';
import { gitopsPinStrategy } from './strategies/gitopsPin';
import { RollbackStrategy } from './strategies/RollbackStrategy';
import { rolloutUndoStrategy } from './strategies/rolloutUndo';

/** What the strategies read and act through. */
export interface RollbackDependencies {
  argocd: ArgoCdReads;
  clusters: InstanceRegistry<KubernetesClient>;
  rollouts: RolloutsReader;
  rolloutActions: RolloutActions;
  gitopsRepositories: GitopsRepositories;
  productionTargets: ProductionTargets;
}

/** Every way of rolling back, by the `kind` a request names. A new way is one more entry. */
export function createRollbackStrategies(deps: RollbackDependencies) {
  return {
    'abort-canary': abortCanaryStrategy(deps),
    argocd: argoCdHistoryStrategy(deps),
    gitops: gitopsPinStrategy(deps),
    'rollout-undo': rolloutUndoStrategy(deps),
  } satisfies {
    [K in RollbackKind]: RollbackStrategy<
      Extract<RollbackTarget, { kind: K }>,
      any
    >;
  };
}

export type RollbackStrategies = ReturnType<typeof createRollbackStrategies>;

/** The strategy of a target's kind, typed loosely: the route dispatches on data it validated. */
export function strategyFor(
  strategies: RollbackStrategies,
  kind: RollbackKind,
): RollbackStrategy<RollbackTarget, unknown> {
  return strategies[kind] as unknown as RollbackStrategy<
    RollbackTarget,
    unknown
  >;
}
