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
            coverage,
            coverageConfig,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info(
          `Delivery backend: Argo CD instances ${
            settings.argocd.instances.map(i => i.name).join(', ') || '(none)'
          }`,
        );
      },
    });
  },
});
