import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { DeliveryClient, deliveryApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The Delivery plugin for apps on the legacy frontend system. Apps on the new frontend system use
 * the default export of `@go-delivery/plugin-delivery/alpha` instead.
 *
 * @public
 */
export const deliveryPlugin = createPlugin({
  id: 'delivery',
  apis: [
    createApiFactory({
      api: deliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeliveryClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The Delivery tab, for an `EntityLayout.Route`. @public */
export const EntityDeliveryContent = deliveryPlugin.provide(
  createRoutableExtension({
    name: 'EntityDeliveryContent',
    component: () =>
      import('./components/EntityDeliveryContent').then(
        m => m.EntityDeliveryContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/** The Argo CD deployment card, usable on the overview page. @public */
export const EntityArgoCdDeploymentCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityArgoCdDeploymentCard',
    component: {
      lazy: () =>
        import('./components/ArgoCdDeploymentCard').then(
          m => m.ArgoCdDeploymentCard,
        ),
    },
  }),
);

/** The Tekton pipeline runs card, usable on the overview page. @public */
export const EntityPipelineRunsCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityPipelineRunsCard',
    component: {
      lazy: () =>
        import('./components/PipelineRunsCard').then(m => m.PipelineRunsCard),
    },
  }),
);

/** The test coverage card, usable on the overview page. @public */
export const EntityCoverageCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityCoverageCard',
    component: {
      lazy: () => import('./components/CoverageCard').then(m => m.CoverageCard),
    },
  }),
);

/**
 * The golden signals card (Prometheus, with deploys and their verdicts), usable on the overview
 * page and inside other cards.
 *
 * @public
 */
export const EntityGoldenSignalsCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityGoldenSignalsCard',
    component: {
      lazy: () =>
        import('./components/GoldenSignalsCard').then(m => m.GoldenSignalsCard),
    },
  }),
);

/**
 * The rollout health card (Argo Rollouts canary progress and analysis, Argo CD status, golden
 * signals with deploy verdicts) with the rollback dialog, usable on the overview page.
 *
 * @public
 */
export const EntityRolloutHealthCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityRolloutHealthCard',
    component: {
      lazy: () =>
        import('./components/RolloutHealthCard').then(m => m.RolloutHealthCard),
    },
  }),
);
