import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { deliveryPermissions } from '@go-delivery/plugin-delivery-common';
import { createArgoCdClients } from '@go-delivery/plugin-delivery-node';
import { readDeliveryConfig } from './config';
import { CachedLoader } from './lib/CachedLoader';
import { createRouter } from './router';
import { createCoverage } from './services/coverage/createCoverage';
import { DeploymentsService } from './services/deployments/DeploymentsService';
import { ArgoCdDeployMarkerSource } from './services/metrics/DeployMarkerSource';
import { MetricsService } from './services/metrics/MetricsService';
import { PipelinesService } from './services/pipelines/PipelinesService';
import { readPipelinesConfig } from './services/pipelines/config';
import { readKubernetesConfig } from './upstreams/kubernetes/config';
import { createKubernetesClients } from './upstreams/kubernetes/createKubernetesClients';
import { createPrometheusClients } from './upstreams/prometheus/createPrometheusClients';
import { readPrometheusConfig } from './upstreams/prometheus/readPrometheusConfig';

/**
 * The Delivery backend plugin: wires core services into the upstream clients, the services and the
 * router, nothing else.
 *
 * @public
 */
export const deliveryPlugin = createBackendPlugin({
  pluginId: 'delivery',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        cache,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auditor,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        const settings = readDeliveryConfig(config);
        const loader = new CachedLoader({
          cache,
          ttlMs: settings.cacheTtlMs,
          logger,
        });
        const deployments = new DeploymentsService({
          argocdClients: createArgoCdClients(settings.argocd),
          loader,
        });
        const pipelines = new PipelinesService({
          kubernetesClients: createKubernetesClients(
            readKubernetesConfig(config),
          ),
          loader,
          permissions,
          ...readPipelinesConfig(config),
        });
        const prometheus = readPrometheusConfig(config);
        const metrics = new MetricsService({
          clients: createPrometheusClients(prometheus.instances),
          scrapeIntervalSeconds: prometheus.scrapeIntervalSeconds,
          verdict: prometheus.verdict,
          deployMarkers: new ArgoCdDeployMarkerSource(deployments),
          loader,
        });
        const { coverage, coverageConfig } = await createCoverage({
          config,
          database,
          scheduler,
          logger,
        });

        permissionsRegistry.addPermissions(deliveryPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth,
            auditor,
            catalog,
            permissions,
            deployments,
            pipelines,
            coverage,
            coverageConfig,
            metrics,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        const names = (list: Array<{ name: string }>) =>
          list.map(i => i.name).join(', ') || '(none)';
        logger.info(
          `Delivery backend: Argo CD ${names(settings.argocd.instances)}; ` +
            `Prometheus ${names(prometheus.instances)}`,
        );
      },
    });
  },
});
