import {
  AuthService,
  CacheService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  createArgoCdClients,
  createKubernetesClients,
  createPrometheusClients,
  readKubernetesConfig,
  readPrometheusConfig,
  TEKTON_PIPELINE_RUNS,
  TEKTON_TASK_RUNS,
} from '@go-delivery/plugin-delivery-node';
import { ActionLedger } from './actions/ActionLedger';
import { ProductionTargets } from './actions/confirmation';
import {
  readServiceAccessConfig,
  ServiceAccess,
} from './actions/serviceAccess';
import { EntityClaims } from './binding/entityClaims';
import { readDeliveryConfig } from './config';
import { scheduleActionLedgerSweep } from './actions/scheduleActionLedgerSweep';
import { applyDatabaseMigrations } from './database/applyDatabaseMigrations';
import { createCoverage } from './services/coverage/createCoverage';
import { DeploymentsReader } from './services/deployments/DeploymentsReader';
import { createDora } from './services/dora/createDora';
import { DeliveryNotifier } from './services/notifications/DeliveryNotifier';
import { readNotificationConfig } from './services/notifications/notificationConfig';
import { ArgoCdDeployMarkerSource } from './services/metrics/DeployMarkerSource';
import { MetricsService } from './services/metrics/MetricsService';
import { readVerdictConfig } from './services/metrics/readVerdictConfig';
import { readPipelinesConfig } from './services/pipelines/config';
import { PipelineRunActions } from './services/pipelines/PipelineRunActions';
import { PipelineRunsReader } from './services/pipelines/PipelineRunsReader';
import {
  slimPipelineRun,
  slimTaskRun,
} from './services/pipelines/slimResources';
import { readRollbackConfig } from './services/rollback/config';
import { GitopsRepositories } from './services/rollback/gitops/GitopsRepositories';
import { RollbackOptionsReader } from './services/rollback/RollbackOptionsReader';
import { createRollbackStrategies } from './services/rollback/rollbackStrategies';
import { RolloutActions } from './services/rollouts/RolloutActions';
import { RolloutsReader } from './services/rollouts/RolloutsReader';
import { ErrorBudgetReader } from './services/slo/ErrorBudgetReader';
import { PromotionGates } from './services/promotion/PromotionGates';
import { readPromotionConfig } from './services/promotion/promotionConfig';
import { PromotionService } from './services/promotion/PromotionService';
import { ArgoCdReads } from './upstreams/argocd/ArgoCdReads';
import { CachedLoader } from './upstreams/cache/CachedLoader';
import { InstanceRegistry } from './upstreams/InstanceRegistry';
import { KubernetesReads } from './upstreams/kubernetes/KubernetesReads';
import { PrometheusReads } from './upstreams/prometheus/PrometheusReads';

/**
 * Builds every service of the plugin from config and core services: one registry of clients per
 * upstream kind, one cache loader and one caching wrapper per kind that all readers and actions
 * share, the readers and actions of each capability, and the rollback strategies.
 */
export async function createServices(options: {
  config: RootConfigService;
  logger: LoggerService;
  cache: CacheService;
  database: DatabaseService;
  scheduler: SchedulerService;
  permissions: PermissionsService;
  auth: AuthService;
  catalog: CatalogService;
  /** Notifies entity owners of delivery events; without it nobody is notified. */
  notifications?: NotificationService;
  /** Milliseconds since the epoch; replaced in tests. */
  now?: () => number;
}) {
  const { config, logger, cache, database, scheduler, permissions, now } =
    options;
  const serviceAccess = new ServiceAccess(readServiceAccessConfig(config));
  const claims = new EntityClaims({
    catalog: options.catalog,
    auth: options.auth,
    logger,
  });
  const settings = readDeliveryConfig(config);
  const knex = await applyDatabaseMigrations(database);
  const actions = new ActionLedger({
    knex,
    logger,
    leaseMs:
      (config.getOptionalNumber('delivery.actions.leaseSeconds') ?? 120) * 1000,
  });
  await scheduleActionLedgerSweep({ scheduler, actions, logger });
  const loader = new CachedLoader({
    cache,
    ttlMs: settings.cacheTtlMs,
    logger,
  });

  const argocd = new ArgoCdReads({
    instances: new InstanceRegistry(
      'argocd',
      createArgoCdClients(settings.argocd),
    ),
    loader,
  });
  const clusters = new InstanceRegistry(
    'kubernetes',
    createKubernetesClients(readKubernetesConfig(config)),
  );
  const kubernetes = new KubernetesReads({
    loader,
    slimmers: [
      [TEKTON_PIPELINE_RUNS, slimPipelineRun],
      [TEKTON_TASK_RUNS, slimTaskRun],
    ],
  });
  const prometheusSettings = readPrometheusConfig(config);
  const prometheus = new PrometheusReads({
    instances: new InstanceRegistry(
      'prometheus',
      createPrometheusClients(prometheusSettings.instances),
    ),
    loader,
  });
  const rollbackConfig = readRollbackConfig(config);
  const productionTargets = new ProductionTargets(
    rollbackConfig.productionPattern,
  );

  const deployments = new DeploymentsReader({ argocd, cache });
  const pipelineRuns = new PipelineRunsReader({
    clusters,
    kubernetes,
    ...readPipelinesConfig(config),
    now,
  });
  const pipelineRunActions = new PipelineRunActions({ kubernetes });
  const rollouts = new RolloutsReader({
    clusters,
    kubernetes,
    productionTargets,
  });
  const rolloutActions = new RolloutActions({
    kubernetes,
    reader: rollouts,
    productionTargets,
  });
  const { deliveryEvents, dora, doraCollector } = await createDora({
    config,
    knex,
    scheduler,
    logger,
    catalog: options.catalog,
    auth: options.auth,
    argocd,
    pipelineRuns,
    rollouts,
    productionTargets,
    now,
  });
  const notificationConfig = readNotificationConfig(config);
  if (options.notifications && notificationConfig.enabled) {
    const notifier = new DeliveryNotifier({
      notifications: options.notifications,
      catalog: options.catalog,
      auth: options.auth,
      logger,
      config: notificationConfig,
      now,
    });
    deliveryEvents.notifyThrough(notifier);
    doraCollector.notifyThrough(notifier);
  }
  const metrics = new MetricsService({
    prometheus,
    scrapeIntervalSeconds: prometheusSettings.scrapeIntervalSeconds,
    verdict: readVerdictConfig(config),
    deployMarkers: new ArgoCdDeployMarkerSource(deployments),
    now,
    regressions: deliveryEvents,
  });
  const errorBudgets = new ErrorBudgetReader({ prometheus, argocd, now });
  const gitopsRepositories = new GitopsRepositories({
    config: rollbackConfig.gitops,
    integrations: ScmIntegrations.fromConfig(config),
    logger,
  });
  const rollbackStrategies = createRollbackStrategies({
    argocd,
    clusters,
    rollouts,
    rolloutActions,
    gitopsRepositories,
    productionTargets,
  });
  const rollbackOptions = new RollbackOptionsReader({
    argocd,
    rollouts,
    strategies: rollbackStrategies,
    permissions,
    productionTargets,
  });
  const { coverage, coverageConfig, coverageStore } = await createCoverage({
    config,
    knex,
    scheduler,
    logger,
    now: now ? () => new Date(now()) : undefined,
  });
  const promotion = new PromotionService({
    argocd,
    repositories: gitopsRepositories,
    productionTargets,
    gates: new PromotionGates({
      config: readPromotionConfig(config),
      metrics,
      pipelineRuns,
      coverage: {
        store: coverageStore,
        defaultThreshold: coverageConfig.defaultThreshold,
      },
      budgets: errorBudgets,
      argocd,
      now,
    }),
  });

  const names = (list: string[]) => list.join(', ') || '(none)';
  logger.info(
    `Delivery backend: Argo CD ${names(argocd.instances.names)}; ` +
      `Kubernetes ${names(clusters.names)}; Prometheus ${names(
        prometheus.instances.names,
      )}`,
  );

  return {
    actions,
    claims,
    serviceAccess,
    clusters,
    deployments,
    pipelineRuns,
    pipelineRunActions,
    rollouts,
    rolloutActions,
    rollbackOptions,
    rollbackStrategies,
    metrics,
    errorBudgets,
    promotion,
    coverage,
    coverageConfig,
    deliveryEvents,
    dora,
    doraCollector,
    productionTargets,
  };
}

/** What the router takes of the services. */
export type DeliveryServices = Awaited<ReturnType<typeof createServices>>;
