import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  DeliveryTargets,
  EnvironmentErrorBudget,
  ErrorBudgetResponse,
  GO_SERVICE_METRICS,
  SLO_AVAILABILITY_ANNOTATION,
  SLO_LATENCY_ANNOTATION,
  SloTarget,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { PrometheusClient } from '@go-delivery/plugin-delivery-node';
import { listEntityApplications } from '../../binding/argoCdApplications';
import { ArgoCdReads } from '../../upstreams/argocd/ArgoCdReads';
import { attempt } from '../../upstreams/fanOut';
import { PrometheusReads } from '../../upstreams/prometheus/PrometheusReads';
import { ServiceSelection } from '../metrics/goldenSignalQueries';
import { bucketBoundLabels } from './bucketBound';
import { BudgetScope, environmentScopes } from './environmentScopes';
import {
  errorBudgetQuery,
  readErrorBudgetAnswer,
  SelectionMeasurements,
} from './errorBudgetQuery';
import { objectiveBudget } from './objectiveBudget';

/** Budgets move slowly: evaluating at whole minutes lets views of the same minute share answers. */
const EVALUATION_STEP_MS = 60_000;

export interface ErrorBudgetReaderOptions {
  /** The configured instances (the first is the default) and the cache of their answers. */
  prometheus: PrometheusReads;
  /** Where the entity's environments come from. */
  argocd: ArgoCdReads;
  /** Milliseconds since the epoch; replaced in tests. */
  now?: () => number;
}

/**
 * The error budgets of an entity's service level objectives, from the request histogram of its Go
 * service: one per environment of its Argo CD applications (the series of the application's
 * destination namespace), or one for the whole service without Argo CD. The SLI is the one of the
 * generated recording rules: 5xx over all requests of the stable service (`service="<name>"`,
 * no canary track).
 *
 * Query budget: one instant query per view or per gate check, whatever the number of environments
 * (plus the cached application list per Argo CD instance). A failed query is a failure entry, never
 * an error of the request.
 */
export class ErrorBudgetReader {
  private readonly now: () => number;

  constructor(private readonly options: ErrorBudgetReaderOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The budget of every environment of the entity, in promotion order (the card). Throws a
   * `NotFoundError` when the entity sets no objective, an `InvalidAnnotationError` naming a
   * malformed annotation and a `ServiceUnavailableError` when no Prometheus is configured.
   */
  async getErrorBudget(targets: DeliveryTargets): Promise<ErrorBudgetResponse> {
    const slo = requireSlo(targets);
    const client = this.clientFor(targets);
    const { applications, failures } = await listEntityApplications(
      this.options.argocd,
      targets.argocd,
    );
    const scopes = environmentScopes(applications);
    const measured = await this.measure({
      client,
      targets,
      slo,
      scopes: scopes.length > 0 ? scopes : [{}],
    });
    return {
      slo,
      instance: client.name,
      budgets: measured.budgets,
      failures: [...failures, ...measured.failures],
    };
  }

  /**
   * The budget of one environment, for the promotion gate: by `namespace` when given, else the
   * namespace of the entity's application in `environment`; the whole service when neither is.
   * `failure` is set when Prometheus (or Argo CD, to find the namespace) could not answer, then
   * without a budget, or when the latency threshold is no bucket of the histogram, beside a
   * budget whose latency objective has no data. Throws as {@link getErrorBudget} does, and a
   * `NotFoundError` when the entity has no application in `environment`.
   */
  async budgetOf(
    targets: DeliveryTargets,
    scope: BudgetScope = {},
  ): Promise<{ budget?: EnvironmentErrorBudget; failure?: UpstreamFailure }> {
    const slo = requireSlo(targets);
    const client = this.clientFor(targets);
    let selected = scope;
    if (scope.environment !== undefined && scope.namespace === undefined) {
      const { applications, failures } = await listEntityApplications(
        this.options.argocd,
        targets.argocd,
      );
      const matching = environmentScopes(applications).filter(
        s => s.environment === scope.environment,
      );
      if (matching.length === 0 && failures.length > 0) {
        return { failure: failures[0] };
      }
      if (matching.length === 0) {
        throw new NotFoundError(
          `Entity '${targets.entityRef}' has no Argo CD application in environment '${scope.environment}'`,
        );
      }
      if (matching.length > 1) {
        throw new InputError(
          `Environment '${scope.environment}' of '${
            targets.entityRef
          }' spans the namespaces ${matching
            .map(s => s.namespace)
            .join(', ')}; name one`,
        );
      }
      selected = matching[0];
    }
    const { budgets, failures } = await this.measure({
      client,
      targets,
      slo,
      scopes: [selected],
    });
    return {
      ...(budgets[0] ? { budget: budgets[0] } : {}),
      ...(failures[0] ? { failure: failures[0] } : {}),
    };
  }

  private clientFor(targets: DeliveryTargets): PrometheusClient {
    const client = this.options.prometheus.instanceFor(
      targets.metrics.instanceName,
    );
    if (!client) {
      throw new ServiceUnavailableError(
        'No Prometheus instance is configured (delivery.prometheus.instances).',
      );
    }
    return client;
  }

  /** One query for every scope; its failure is the failure of all of them. */
  private async measure(options: {
    client: PrometheusClient;
    targets: DeliveryTargets;
    slo: SloTarget;
    scopes: BudgetScope[];
  }): Promise<{
    budgets: EnvironmentErrorBudget[];
    failures: UpstreamFailure[];
  }> {
    const { client, targets, slo, scopes } = options;
    const selections = scopes.map(
      (scope): ServiceSelection => ({
        service: targets.metrics.service,
        includeCanary: false,
        perTrack: false,
        namespace: scope.namespace,
      }),
    );
    const time =
      (Math.floor(this.now() / EVALUATION_STEP_MS) * EVALUATION_STEP_MS) / 1000;
    const outcome = await attempt(
      { kind: 'prometheus', instance: client.name },
      async () =>
        readErrorBudgetAnswer({
          selections: selections.length,
          latency: Boolean(slo.latency),
          samples: await this.options.prometheus.query(client, {
            query: errorBudgetQuery({ selections, slo }),
            time,
          }),
        }),
    );
    if (!outcome.ok) return { budgets: [], failures: [outcome.failure] };
    const measured = outcome.value;
    const budgets = scopes.map((scope, index) =>
      environmentBudget(scope, slo, measured[index]),
    );
    return {
      budgets,
      failures: measured.some(bucketMissing)
        ? [missingBucket(client.name, targets.metrics.service, slo)]
        : [],
    };
  }
}

function requireSlo(targets: DeliveryTargets): SloTarget {
  const slo = targets.slo;
  if (!slo) {
    throw new NotFoundError(
      `Entity '${targets.entityRef}' has no service level objective; set the annotation '${SLO_AVAILABILITY_ANNOTATION}' (e.g. "99.9")`,
    );
  }
  return slo;
}

function environmentBudget(
  scope: BudgetScope,
  slo: SloTarget,
  measured: SelectionMeasurements,
): EnvironmentErrorBudget {
  const { requests } = measured;
  return {
    ...(scope.environment !== undefined
      ? { environment: scope.environment }
      : {}),
    ...(scope.namespace !== undefined ? { namespace: scope.namespace } : {}),
    availability: objectiveBudget({
      objective: slo.availability,
      requests,
      badRatio: measured.errorRatio,
    }),
    ...(slo.latency && measured.slowRatio
      ? {
          latency: {
            ...objectiveBudget({
              objective: slo.latency.objective,
              requests,
              badRatio: measured.slowRatio,
            }),
            thresholdSeconds: slo.latency.thresholdSeconds,
          },
        }
      : {}),
  };
}

/** Traffic over the window but no value at the threshold: the histogram has no such bucket. */
function bucketMissing(measured: SelectionMeasurements): boolean {
  return (
    (measured.requests ?? 0) > 0 &&
    measured.slowRatio !== undefined &&
    measured.slowRatio.window === null
  );
}

function missingBucket(
  instance: string,
  service: string,
  slo: SloTarget,
): UpstreamFailure {
  const bound = bucketBoundLabels(slo.latency!.thresholdSeconds)[0];
  return {
    kind: 'prometheus',
    instance,
    reason: 'not-found',
    message:
      `Prometheus '${instance}': ${GO_SERVICE_METRICS.requestDuration} of service '${service}' ` +
      `has no bucket le="${bound}"; the threshold of '${SLO_LATENCY_ANNOTATION}' must be one ` +
      `of its bucket boundaries`,
  };
}
