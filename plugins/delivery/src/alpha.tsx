import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  hasArgoCdAnnotations,
  isDeliveryAvailable,
} from '@go-delivery/plugin-delivery-common';
import { DeliveryClient, deliveryApiRef } from './api';
import { rootRouteRef } from './routes';

const deliveryApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeliveryClient({ discoveryApi, fetchApi }),
    }),
});

/** The Delivery tab on entities that carry delivery annotations. @alpha */
export const deliveryEntityContent = EntityContentBlueprint.make({
  name: 'delivery',
  params: {
    path: 'delivery',
    title: 'Delivery',
    routeRef: rootRouteRef,
    filter: isDeliveryAvailable,
    loader: () =>
      import('./components/EntityDeliveryContent').then(m => (
        <m.EntityDeliveryContent />
      )),
  },
});

/** The Argo CD deployment card for the overview page. @alpha */
export const argoCdDeploymentCard = EntityCardBlueprint.make({
  name: 'argocd-deployments',
  params: {
    filter: hasArgoCdAnnotations,
    loader: () =>
      import('./components/ArgoCdDeploymentCard').then(m => (
        <m.ArgoCdDeploymentCard />
      )),
  },
});

/**
 * The Delivery plugin for the new frontend system: the API, the Delivery tab and the overview card.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'delivery',
  info: { packageJson: () => import('../package.json') },
  extensions: [deliveryApi, deliveryEntityContent, argoCdDeploymentCard],
  routes: { root: rootRouteRef },
});
