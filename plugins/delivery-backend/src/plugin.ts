import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { deliveryPermissions } from '@go-delivery/plugin-delivery-common';
import { createServices } from './createServices';
import { registerDeliveryActions } from './agentActions/registerDeliveryActions';
import { createRouter, deliveryFrames } from './router';

/**
 * The Delivery backend plugin: wires core services into the services, the router and the
 * actions registry's actions, nothing else.
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
        auth: coreServices.auth,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const services = await createServices(deps);
        deps.permissionsRegistry.addPermissions(deliveryPermissions);
        deps.httpRouter.use(await createRouter({ ...deps, ...services }));
        registerDeliveryActions({
          actionsRegistry: deps.actionsRegistry,
          frames: deliveryFrames({ ...deps, ...services }),
        });
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
