import { Entity } from '@backstage/catalog-model';
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
  isErrorBudgetAvailable,
  isDeliveryAvailable,
  isTektonEnabled,
} from '@go-delivery/plugin-delivery-common';
import { DeliveryClient, deliveryApiRef } from './api';
import { rootRouteRef } from './routes';
import {
  isCoverageEnabled,
  isGoldenSignalsAvailable,
  isRolloutHealthAvailable,
} from './utils/entityPredicates';

function isGroup(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'group';
}

const deliveryApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeliveryClient({ discoveryApi, fetchApi }),
    }),
});

/** The Delivery tab on entities that carry delivery annotations (groups have their own). @alpha */
export const deliveryEntityContent = EntityContentBlueprint.make({
  name: 'delivery',
  params: {
    path: 'delivery',
    title: 'Delivery',
    routeRef: rootRouteRef,
    filter: (entity: Entity) => !isGroup(entity) && isDeliveryAvailable(entity),
    loader: () =>
      import('./components/EntityDeliveryContent').then(m => (
        <m.EntityDeliveryContent />
      )),
  },
});

/**
 * The Delivery tab of a group: the DORA figures of the services it owns. Groups never get the
 * service tab above, so the two share the path `delivery` without meeting.
 *
 * @alpha
 */
export const teamDeliveryEntityContent = EntityContentBlueprint.make({
  name: 'team-delivery',
  params: {
    path: 'delivery',
    title: 'Delivery',
    // A function, as string filters are deprecated: `kind:group`.
    filter: isGroup,
    loader: () =>
      import('./components/TeamDeliveryContent').then(m => (
        <m.TeamDeliveryContent />
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

/** The Tekton pipeline runs card, on entities with `tekton.dev/cicd: "true"`. @alpha */
export const pipelineRunsCard = EntityCardBlueprint.make({
  name: 'pipeline-runs',
  params: {
    filter: isTektonEnabled,
    loader: () =>
      import('./components/PipelineRunsCard').then(m => <m.PipelineRunsCard />),
  },
});

/** The test coverage card, on entities with `backstage.io/code-coverage`. @alpha */
export const coverageCard = EntityCardBlueprint.make({
  name: 'coverage',
  params: {
    filter: isCoverageEnabled,
    loader: () =>
      import('./components/CoverageCard').then(m => <m.CoverageCard />),
  },
});

/** The golden signals card, on entities that say where their metrics are. @alpha */
export const goldenSignalsCard = EntityCardBlueprint.make({
  name: 'golden-signals',
  params: {
    filter: isGoldenSignalsAvailable,
    loader: () =>
      import('./components/GoldenSignalsCard').then(m => (
        <m.GoldenSignalsCard />
      )),
  },
});

/** The environments and their promotions, on entities with Argo CD applications. @alpha */
export const environmentsCard = EntityCardBlueprint.make({
  name: 'environments',
  params: {
    filter: hasArgoCdAnnotations,
    loader: () =>
      import('./components/EnvironmentsCard').then(m => <m.EnvironmentsCard />),
  },
});

/** The error budget card, on entities with `go-delivery.dev/slo-availability`. @alpha */
export const errorBudgetCard = EntityCardBlueprint.make({
  name: 'error-budget',
  params: {
    filter: isErrorBudgetAvailable,
    loader: () =>
      import('./components/ErrorBudgetCard').then(m => <m.ErrorBudgetCard />),
  },
});

/**
 * The rollout health card with the rollback dialog, on entities with Argo Rollouts (Kubernetes
 * annotations) or Argo CD applications. The Delivery tab always shows it; on the overview page
 * it is off by default, since it embeds the golden signals the golden signals card already
 * shows there (turn it on with `app.extensions: [entity-card:delivery/rollout-health]`).
 *
 * @alpha
 */
export const rolloutHealthCard = EntityCardBlueprint.make({
  name: 'rollout-health',
  disabled: true,
  params: {
    filter: isRolloutHealthAvailable,
    loader: () =>
      import('./components/RolloutHealthCard').then(m => (
        <m.RolloutHealthCard />
      )),
  },
});

/**
 * The Delivery plugin for the new frontend system: the API, the Delivery tab of services and of
 * teams, and the overview cards.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'delivery',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    deliveryApi,
    deliveryEntityContent,
    teamDeliveryEntityContent,
    argoCdDeploymentCard,
    pipelineRunsCard,
    coverageCard,
    goldenSignalsCard,
    environmentsCard,
    errorBudgetCard,
    rolloutHealthCard,
  ],
  routes: { root: rootRouteRef },
});
