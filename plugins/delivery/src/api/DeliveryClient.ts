import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CoverageHistoryResponse,
  CoverageResponse,
  DeploymentsResponse,
  EntityDoraResponse,
  EnvironmentsResponse,
  ErrorBudgetResponse,
  PromotionPreview,
  PromotionRequest,
  PromotionResult,
  PromotionTarget,
  MetricsResponse,
  PipelineRunActionResponse,
  PipelineRunRef,
  PipelineRunsResponse,
  PipelineStepLogResponse,
  PipelineStepRef,
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
import {
  CoverageHistoryQuery,
  CoverageQuery,
  DeliveryApi,
  DoraQuery,
  MetricsQuery,
  TeamDoraQuery,
} from './DeliveryApi';
import {
  promotionRequestBody,
  promotionTargetBody,
  rollbackRequestBody,
  rollbackTargetBody,
  rolloutActionBody,
} from './requestBodies';

type QueryValues = Record<string, string | number | undefined>;

/** Talks to the Delivery backend through Backstage's discovery and authenticated fetch. @public */
export class DeliveryClient implements DeliveryApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getDeployments(entity: CompoundEntityRef): Promise<DeploymentsResponse> {
    return this.request(`${entityPath(entity)}/deployments`);
  }

  getPipelineRuns(entity: CompoundEntityRef): Promise<PipelineRunsResponse> {
    return this.request(`${entityPath(entity)}/pipelines`);
  }

  getPipelineStepLog(
    entity: CompoundEntityRef,
    step: PipelineStepRef,
  ): Promise<PipelineStepLogResponse> {
    const parts = [
      step.cluster,
      step.namespace,
      step.name,
      'taskruns',
      step.taskRun,
      'steps',
      step.step,
      'log',
    ];
    return this.request(
      `${entityPath(entity)}/pipelines/${parts
        .map(encodeURIComponent)
        .join('/')}`,
    );
  }

  rerunPipelineRun(
    entity: CompoundEntityRef,
    run: PipelineRunRef,
    idempotencyKey?: string,
  ): Promise<PipelineRunActionResponse> {
    return this.runAction(entity, 'rerun', run, idempotencyKey);
  }

  cancelPipelineRun(
    entity: CompoundEntityRef,
    run: PipelineRunRef,
    idempotencyKey?: string,
  ): Promise<PipelineRunActionResponse> {
    return this.runAction(entity, 'cancel', run, idempotencyKey);
  }

  getCoverage(
    entity: CompoundEntityRef,
    query: CoverageQuery = {},
  ): Promise<CoverageResponse> {
    return this.request(
      `${entityPath(entity)}/coverage${queryString({ branch: query.branch })}`,
    );
  }

  getCoverageHistory(
    entity: CompoundEntityRef,
    query: CoverageHistoryQuery = {},
  ): Promise<CoverageHistoryResponse> {
    return this.request(
      `${entityPath(entity)}/coverage/history${queryString({
        branch: query.branch,
        limit: query.limit,
      })}`,
    );
  }

  getMetrics(
    entity: CompoundEntityRef,
    query: MetricsQuery = {},
  ): Promise<MetricsResponse> {
    return this.request(
      `${entityPath(entity)}/metrics${queryString({
        range: query.range,
        step: query.step,
        end: query.end,
      })}`,
    );
  }

  getRollouts(entity: CompoundEntityRef): Promise<RolloutsResponse> {
    return this.request(`${entityPath(entity)}/rollouts`);
  }

  rolloutAction(
    entity: CompoundEntityRef,
    action: RolloutAction,
    request: RolloutActionRequest,
  ): Promise<RolloutActionResponse> {
    return this.post(
      `${entityPath(entity)}/rollouts/${encodeURIComponent(action)}`,
      rolloutActionBody(request),
    );
  }

  getRollbackOptions(
    entity: CompoundEntityRef,
  ): Promise<RollbackOptionsResponse> {
    return this.request(`${entityPath(entity)}/rollback`);
  }

  previewRollback(
    entity: CompoundEntityRef,
    target: RollbackTarget,
  ): Promise<RollbackPreview> {
    return this.post(
      `${entityPath(entity)}/rollback/preview`,
      rollbackTargetBody(target),
    );
  }

  rollback(
    entity: CompoundEntityRef,
    request: RollbackRequest,
  ): Promise<RollbackResult> {
    return this.post(
      `${entityPath(entity)}/rollback`,
      rollbackRequestBody(request),
    );
  }

  getEnvironments(entity: CompoundEntityRef): Promise<EnvironmentsResponse> {
    return this.request(`${entityPath(entity)}/environments`);
  }

  previewPromotion(
    entity: CompoundEntityRef,
    target: PromotionTarget,
  ): Promise<PromotionPreview> {
    return this.post(
      `${entityPath(entity)}/promotion/preview`,
      promotionTargetBody(target),
    );
  }

  promote(
    entity: CompoundEntityRef,
    request: PromotionRequest,
  ): Promise<PromotionResult> {
    return this.post(
      `${entityPath(entity)}/promotion`,
      promotionRequestBody(request),
    );
  }

  getErrorBudget(entity: CompoundEntityRef): Promise<ErrorBudgetResponse> {
    return this.request(`${entityPath(entity)}/error-budget`);
  }

  getDora(
    entity: CompoundEntityRef,
    query: DoraQuery = {},
  ): Promise<EntityDoraResponse> {
    return this.request(
      `${entityPath(entity)}/dora${queryString({
        days: query.days,
        environment: query.environment,
      })}`,
    );
  }

  getTeamDora(
    group: CompoundEntityRef,
    query: TeamDoraQuery = {},
  ): Promise<TeamDoraResponse> {
    // Groups have a route of their own: the kind is in the path, not a parameter.
    const parts = [group.namespace, group.name].map(encodeURIComponent);
    return this.request(
      `/groups/${parts.join('/')}/dora${queryString({ days: query.days })}`,
    );
  }

  private runAction(
    entity: CompoundEntityRef,
    action: 'rerun' | 'cancel',
    run: PipelineRunRef,
    idempotencyKey: string | undefined,
  ): Promise<PipelineRunActionResponse> {
    // The backend accepts exactly these fields; a whole run view would be refused.
    const body = {
      cluster: run.cluster,
      namespace: run.namespace,
      name: run.name,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    };
    return this.post(`${entityPath(entity)}/pipelines/${action}`, body);
  }

  private post<T>(path: string, body: object): Promise<T> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('delivery');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}

/** `/entities/<kind>/<namespace>/<name>`, each part encoded (kinds are case-insensitive). */
export function entityPath(entity: CompoundEntityRef): string {
  const parts = [
    entity.kind.toLocaleLowerCase('en-US'),
    entity.namespace,
    entity.name,
  ];
  return `/entities/${parts.map(encodeURIComponent).join('/')}`;
}

/** `?a=1&b=2` of the values that are set, or nothing. */
function queryString(values: QueryValues): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
