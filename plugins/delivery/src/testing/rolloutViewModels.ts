import {
  RolloutsResponse,
  RolloutView,
} from '@go-delivery/plugin-delivery-common';
import { generatedViewModel } from './generatedViewModel';
import ordersRolloutsJson from './generated/orders-api.rollouts.json';
import referenceRolloutsJson from './generated/reference.rollouts.json';

/*
 * View models of the rollouts route as the Delivery backend returns them, for component tests:
 * orders-api's canary as the sandbox's prod cluster has it, the aborted Rollout of the Argo
 * Rollouts reference examples and an old controller's sparse Rollout, generated into ./generated
 * by `yarn workspace @go-delivery/plugin-delivery-backend generate:view-models`.
 */

const referenceRollouts = generatedViewModel<RolloutsResponse>(
  referenceRolloutsJson,
).rollouts;

function named(rollouts: RolloutView[], name: string): RolloutView {
  const rollout = rollouts.find(r => r.name === name);
  if (!rollout)
    throw new Error(`No Rollout ${name} in the generated view models`);
  return rollout;
}

/** orders-api: asked of every cluster (ci, prod), its canary found in prod. */
export const rolloutsResponse =
  generatedViewModel<RolloutsResponse>(ordersRolloutsJson);

/** orders-api in prod: a canary paused at step 2 of 5 with 20 % of the traffic. */
export const ordersCanary: RolloutView = named(
  rolloutsResponse.rollouts,
  'orders-api',
);

/** An Argo Rollouts reference example: a canary its background analysis aborted. */
export const abortedRollout: RolloutView = named(
  referenceRollouts,
  'rollout-background-analysis',
);

const { weights: _weights, ...legacyRollout } = named(
  referenceRollouts,
  'legacy-api',
);

/**
 * What an old controller's Rollout gives (no step index, hashes, pause conditions, revision,
 * ReplicaSets, AnalysisRuns or known image): the card must still say something sensible. The
 * backend reads such a canary as all-stable (weights 0/100); the weights are left out here (the
 * field is optional, and absent for other strategies) so the tests see that the card makes none
 * up.
 */
export const sparseRollout: RolloutView = legacyRollout;
