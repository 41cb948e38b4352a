import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  CoverageHistoryResponse,
  CoverageResponse,
  DeploymentsResponse,
  EntityDoraResponse,
  EnvironmentsResponse,
  ErrorBudgetResponse,
  MetricsResponse,
  PipelineRunActionResponse,
  PipelineRunRef,
  PipelineRunsResponse,
  PipelineStepLogResponse,
  PipelineStepRef,
  PromotionPreview,
  PromotionRequest,
  PromotionResult,
  PromotionTarget,
  RollbackOptionsResponse,
  RollbackPreview,
  RollbackRequest,
  RollbackResult,
  RollbackTarget,
  RolloutAction,
  RolloutActionRequest,
  RolloutActionResponse,
  RolloutsResponse,
  TeamDoraResponse,
} from '@go-delivery/plugin-delivery-common';

/** Which coverage reports to read: one branch, or the latest of any branch. @public */
export interface CoverageQuery {
  branch?: string;
}

/** @public */
export interface CoverageHistoryQuery extends CoverageQuery {
  /** How many reports, newest kept (1–1000; the backend's default is 100). */
  limit?: number;
}

/**
 * The time window of the golden signals: a duration such as `30m`, `6h` or `7d` (the backend
 * accepts 5m to 7d by default), an optional step, and an optional end (now by default).
 *
 * @public
 */
export interface MetricsQuery {
  range?: string;
  step?: string;
  /** RFC 3339 time or Unix seconds. */
  end?: string;
}

/** The period of the DORA figures, in days back from now (the backend's default is 90). @public */
export interface TeamDoraQuery {
  days?: number;
}

/** @public */
export interface DoraQuery extends TeamDoraQuery {
  /** `prod`, `staging`, …; by default the production-like environment. */
  environment?: string;
}

/** The Delivery backend as the frontend sees it: one method per route. @public */
export interface DeliveryApi {
  getDeployments(entity: CompoundEntityRef): Promise<DeploymentsResponse>;

  getPipelineRuns(entity: CompoundEntityRef): Promise<PipelineRunsResponse>;
  getPipelineStepLog(
    entity: CompoundEntityRef,
    step: PipelineStepRef,
  ): Promise<PipelineStepLogResponse>;
  /**
   * Starts a new PipelineRun from the spec of `run`; the same `idempotencyKey` again (a retry,
   * a double click reaching two replicas) starts it once.
   */
  rerunPipelineRun(
    entity: CompoundEntityRef,
    run: PipelineRunRef,
    idempotencyKey?: string,
  ): Promise<PipelineRunActionResponse>;
  /** Asks Tekton to cancel a run that has not finished. */
  cancelPipelineRun(
    entity: CompoundEntityRef,
    run: PipelineRunRef,
    idempotencyKey?: string,
  ): Promise<PipelineRunActionResponse>;

  getCoverage(
    entity: CompoundEntityRef,
    query?: CoverageQuery,
  ): Promise<CoverageResponse>;
  getCoverageHistory(
    entity: CompoundEntityRef,
    query?: CoverageHistoryQuery,
  ): Promise<CoverageHistoryResponse>;

  getMetrics(
    entity: CompoundEntityRef,
    query?: MetricsQuery,
  ): Promise<MetricsResponse>;

  /** The entity's Argo Rollouts with their steps, weights, pauses and AnalysisRuns. */
  getRollouts(entity: CompoundEntityRef): Promise<RolloutsResponse>;
  /**
   * Promote, promote-full, abort, retry or undo one Rollout, as `kubectl argo rollouts` does.
   * The idempotency key is chosen once per intent: a repeated request is answered, not acted on.
   */
  rolloutAction(
    entity: CompoundEntityRef,
    action: RolloutAction,
    request: RolloutActionRequest,
  ): Promise<RolloutActionResponse>;

  /** What the rollback dialog offers for the entity: canaries, applications and their history. */
  getRollbackOptions(
    entity: CompoundEntityRef,
  ): Promise<RollbackOptionsResponse>;
  /** What a rollback would change; changes nothing. */
  previewRollback(
    entity: CompoundEntityRef,
    target: RollbackTarget,
  ): Promise<RollbackPreview>;
  /** The rollback itself, confirmed and sent once per idempotency key. */
  rollback(
    entity: CompoundEntityRef,
    request: RollbackRequest,
  ): Promise<RollbackResult>;

  /** The service's environments in promotion order, and each promotion step with its gates. */
  getEnvironments(entity: CompoundEntityRef): Promise<EnvironmentsResponse>;
  /** What promoting `from` into `to` would change, with the gates as they are now; changes nothing. */
  previewPromotion(
    entity: CompoundEntityRef,
    target: PromotionTarget,
  ): Promise<PromotionPreview>;
  /** The promotion itself, confirmed and sent once per idempotency key. */
  promote(
    entity: CompoundEntityRef,
    request: PromotionRequest,
  ): Promise<PromotionResult>;
  /** The error budget of each environment against the entity's objectives. */
  getErrorBudget(entity: CompoundEntityRef): Promise<ErrorBudgetResponse>;

  /** The four DORA figures of one service in one environment, from the delivery event store. */
  getDora(
    entity: CompoundEntityRef,
    query?: DoraQuery,
  ): Promise<EntityDoraResponse>;
  /** The DORA figures of each service a group owns, and of the team as a whole. */
  getTeamDora(
    group: CompoundEntityRef,
    query?: TeamDoraQuery,
  ): Promise<TeamDoraResponse>;
}

/** @public */
export const deliveryApiRef = createApiRef<DeliveryApi>({
  id: 'plugin.delivery.service',
});
