import {
  CacheService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import {
  createArgoCdClients,
  createKubernetesClients,
  createPrometheusClients,
  readKubernetesConfig,
  readPrometheusConfig,
  TEKTON_PIPELINE_RUNS,
  TEKTON_TASK_RUNS,
} from '@go-delivery/plugin-delivery-node';
import { ActionOnce } from './actions/ActionOnce';
import { ProductionTargets } from './actions/confirmation';
import { readDeliveryConfig } from './config';
import { createCoverage } from './services/coverage/createCoverage';
import { DeploymentsReader } from './services/deployments/DeploymentsReader';
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
import { ArgoCdReads } from './upstreams/argocd/ArgoCdReads';
import { CachedLoader } from './upstreams/cache/CachedLoader';
import { InstanceRegistry } from './upstreams/InstanceRegistry';
import { KubernetesReads } from './upstreams/kubernetes/KubernetesReads';

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
  /** Milliseconds since the epoch; replaced in tests. */
  now?: () => number;
}) {
  const { config, logger, cache, database, scheduler, permissions, now } =
    options;
  const settings = readDeliveryConfig(config);
  const loader = new CachedLoader({
    cache,
    ttlMs: settings.cacheTtlMs,
    logger,
  });
  const actionOnce = new ActionOnce({ cache, logger });

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
  const prometheus = readPrometheusConfig(config);
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
  const metrics = new MetricsService({
    clients: createPrometheusClients(prometheus.instances),
    scrapeIntervalSeconds: prometheus.scrapeIntervalSeconds,
    verdict: readVerdictConfig(config),
    deployMarkers: new ArgoCdDeployMarkerSource(deployments),
    loader,
    now,
  });
  const rollbackStrategies = createRollbackStrategies({
    argocd,
    clusters,
    rollouts,
    rolloutActions,
    gitopsRepositories: new GitopsRepositories({
      config: rollbackConfig.gitops,
      integrations: ScmIntegrations.fromConfig(config),
      logger,
    }),
    productionTargets,
  });
  const rollbackOptions = new RollbackOptionsReader({
    argocd,
    rollouts,
    strategies: rollbackStrategies,
    permissions,
    productionTargets,
  });
  const { coverage, coverageConfig } = await createCoverage({
    config,
    database,
    scheduler,
    logger,
    now: now ? () => new Date(now()) : undefined,
  });

  const names = (list: string[]) => list.join(', ') || '(none)';
  logger.info(
    `Delivery backend: Argo CD ${names(argocd.instances.names)}; ` +
      `Kubernetes ${names(clusters.names)}; Prometheus ${names(
        prometheus.instances.map(i => i.name),
      )}`,
  );

  return {
    actionOnce,
    clusters,
    deployments,
    pipelineRuns,
    pipelineRunActions,
    rollouts,
    rolloutActions,
    rollbackOptions,
    rollbackStrategies,
    metrics,
    coverage,
    coverageConfig,
  };
}

/** What the router takes of the services. */
export type DeliveryServices = Awaited<ReturnType<typeof createServices>>;
