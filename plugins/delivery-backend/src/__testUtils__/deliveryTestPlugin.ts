import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { registerDeliveryActions } from '../agentActions/registerDeliveryActions';
import { createServices } from '../createServices';
import { createRouter, deliveryFrames } from '../router';

/**
 * The Delivery backend wired exactly as the plugin wires it (config → services → router and
 * registered actions), with a
 * clock the test chooses. Route tests start it with `startTestBackend` and their own config,
 * catalog, permission and auditor doubles.
 */
export function deliveryTestPlugin(options: { now?: () => number } = {}) {
  return createBackendPlugin({
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
          catalog: catalogServiceRef,
          actionsRegistry: actionsRegistryServiceRef,
        },
        async init(deps) {
          const services = await createServices({ ...deps, now: options.now });
          deps.httpRouter.use(await createRouter({ ...deps, ...services }));
          registerDeliveryActions({
            actionsRegistry: deps.actionsRegistry,
            frames: deliveryFrames({ ...deps, ...services }),
          });
        },
      });
    },
  });
}
