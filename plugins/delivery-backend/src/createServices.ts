import {
  CacheService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { readDeliveryConfig } from './config';
import { ActionOnce } from './lib/ActionOnce';
import { CachedLoader } from './lib/CachedLoader';
import { ProductionTargets } from './lib/productionTargets';
import { createCoverage } from './services/coverage/createCoverage';
import { ArgoCdInstances } from './services/deployments/ArgoCdInstances';
import { DeploymentsService } from './services/deployments/DeploymentsService';
import { ArgoCdDeployMarkerSource } from './services/metrics/DeployMarkerSource';
import { MetricsService } from './services/metrics/MetricsService';
import { readVerdictConfig } from './services/metrics/readVerdictConfig';
import { readPipelinesConfig } from './services/pipelines/config';
import { PipelinesService } from './services/pipelines/PipelinesService';
import { readRollbackConfig } from './services/rollback/config';
import { GitopsRepositories } from './services/rollback/gitops/GitopsRepositories';
import { RollbackService } from './services/rollback/RollbackService';
import { RolloutsService } from './services/rollouts/RolloutsService';
import {
  createArgoCdClients,
  createKubernetesClients,
  createPrometheusClients,
  readKubernetesConfig,
  readPrometheusConfig,
} from '@go-delivery/plugin-delivery-node';

/**
 * Builds every service of the plugin from config and core services: one client per upstream
 * instance, shared by the services that talk to it, and one cache loader for all reads.
 */
export async function createServices(options: {
  config: RootConfigService;
  logger: LoggerService;
  cache: CacheService;
  database: DatabaseService;
  scheduler: SchedulerService;
  permissions: PermissionsService;
}) {
  const { config, logger, cache, database, scheduler, permissions } = options;
  const settings = readDeliveryConfig(config);
  const loader = new CachedLoader({
    cache,
    ttlMs: settings.cacheTtlMs,
    logger,
  });
  const actionOnce = new ActionOnce({ cache, logger });

  const argocd = new ArgoCdInstances(createArgoCdClients(settings.argocd));
  const kubernetesClients = createKubernetesClients(
    readKubernetesConfig(config),
  );
  const prometheus = readPrometheusConfig(config);
  const rollbackConfig = readRollbackConfig(config);
  const productionTargets = new ProductionTargets(
    rollbackConfig.productionPattern,
  );

  const deployments = new DeploymentsService({
    instances: argocd,
    loader,
    cache,
  });
  const pipelines = new PipelinesService({
    kubernetesClients,
    loader,
    permissions,
    ...readPipelinesConfig(config),
  });
  const rollouts = new RolloutsService({
    kubernetesClients,
    loader,
    permissions,
    actionOnce,
    productionTargets,
  });
  const metrics = new MetricsService({
    clients: createPrometheusClients(prometheus.instances),
    scrapeIntervalSeconds: prometheus.scrapeIntervalSeconds,
    verdict: readVerdictConfig(config),
    deployMarkers: new ArgoCdDeployMarkerSource(deployments),
    loader,
  });
  const rollback = new RollbackService({
    argocd,
    rollouts,
    gitopsRepositories: new GitopsRepositories({
      config: rollbackConfig.gitops,
      integrations: ScmIntegrations.fromConfig(config),
    }),
    permissions,
    actionOnce,
    productionTargets,
    loader,
  });
  const { coverage, coverageConfig } = await createCoverage({
    config,
    database,
    scheduler,
    logger,
  });

  const names = (list: Array<{ name: string }>) =>
    list.map(i => i.name).join(', ') || '(none)';
  logger.info(
    `Delivery backend: Argo CD ${names(settings.argocd.instances)}; ` +
      `Kubernetes ${names(kubernetesClients)}; Prometheus ${names(
        prometheus.instances,
      )}`,
  );

  return {
    deployments,
    pipelines,
    rollouts,
    rollback,
    metrics,
    coverage,
    coverageConfig,
  };
}
