import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis } from '@backstage/test-utils';
import deliveryPlugin, {
  argoCdDeploymentCard,
  coverageCard,
  deliveryEntityContent,
  goldenSignalsCard,
  pipelineRunsCard,
  rolloutHealthCard,
  teamDeliveryEntityContent,
} from './alpha';
import { deliveryApiRef } from './api';
import {
  coverageHistoryResponse,
  coverageResponse,
  deploymentsResponse,
  metricsView,
  pipelineRunsResponse,
} from './testing/viewModels';
import { rolloutsResponse } from './testing/rolloutViewModels';
import {
  paymentsDora,
  teamDora,
} from './components/DoraCard/__fixtures__/doraResponses';

const annotated: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: { 'argocd/app-name': 'payments-api-prod' },
  },
};
const bare: Entity = { ...annotated, metadata: { name: 'plain' } };
const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

describe('new frontend system plugin', () => {
  it('is the delivery plugin with the tab and the overview card', () => {
    expect(deliveryPlugin.id).toBe('delivery');
    expect(String(deliveryEntityContent)).toContain('kind=entity-content');
    expect(String(argoCdDeploymentCard)).toContain('kind=entity-card');
    for (const card of [
      pipelineRunsCard,
      coverageCard,
      goldenSignalsCard,
      rolloutHealthCard,
    ]) {
      expect(String(card)).toContain('kind=entity-card');
    }
  });

  it('shows each overview card only on entities whose annotations ask for it', () => {
    const entityWith = (annotations: Record<string, string>): Entity => ({
      ...bare,
      metadata: { name: 'svc', annotations },
    });
    const pipelines = createExtensionTester(pipelineRunsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(pipelines(entityWith({ 'tekton.dev/cicd': 'true' }))).toBe(true);
    expect(
      pipelines(entityWith({ 'janus-idp.io/tekton': 'payments-api' })),
    ).toBe(true);
    expect(pipelines(entityWith({ 'tekton.dev/cicd': 'false' }))).toBe(false);
    expect(pipelines(bare)).toBe(false);

    const coverage = createExtensionTester(coverageCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(
      coverage(entityWith({ 'backstage.io/code-coverage': 'enabled' })),
    ).toBe(true);
    expect(
      coverage(entityWith({ 'backstage.io/code-coverage': 'false' })),
    ).toBe(false);
    expect(coverage(bare)).toBe(false);

    const signals = createExtensionTester(goldenSignalsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(
      signals(
        entityWith({ 'go-delivery.dev/metrics-service': 'payments-api' }),
      ),
    ).toBe(true);
    expect(signals(entityWith({ 'prometheus.io/rule': 'up|job' }))).toBe(true);
    expect(signals(annotated)).toBe(false);

    const rollouts = createExtensionTester(rolloutHealthCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(
      rollouts(entityWith({ 'backstage.io/kubernetes-id': 'orders-api' })),
    ).toBe(true);
    expect(rollouts(annotated)).toBe(true);
    expect(
      rollouts(entityWith({ 'go-delivery.dev/metrics-service': 'x' })),
    ).toBe(false);
    expect(rollouts(bare)).toBe(false);
  });

  it('renders the overview cards through the plugin API', async () => {
    const delivery = {
      getPipelineRuns: async () => pipelineRunsResponse,
      getCoverage: async () => coverageResponse,
      getCoverageHistory: async () => coverageHistoryResponse,
      getMetrics: async () => metricsView,
      getRollouts: async () => rolloutsResponse,
    };
    const permission = mockApis.permission();
    const entity: Entity = {
      ...annotated,
      metadata: {
        name: 'payments-api',
        annotations: {
          'tekton.dev/cicd': 'true',
          'backstage.io/kubernetes-id': 'payments-api',
          'backstage.io/code-coverage': 'enabled',
          'go-delivery.dev/metrics-service': 'payments-api',
        },
      },
    };
    const show = async (
      element: JSX.Element,
      role: 'table' | 'region',
      name: string,
    ) => {
      const { unmount } = renderInTestApp(
        <EntityProvider entity={entity}>{element}</EntityProvider>,
        {
          apis: [
            [deliveryApiRef, delivery],
            [permissionApiRef, permission],
          ],
        },
      );
      expect(await screen.findByRole(role, { name })).toBeInTheDocument();
      unmount();
    };
    await show(
      createExtensionTester(pipelineRunsCard).reactElement(),
      'table',
      'Pipeline runs',
    );
    await show(
      createExtensionTester(coverageCard).reactElement(),
      'region',
      'Coverage summary',
    );
    await show(
      createExtensionTester(goldenSignalsCard).reactElement(),
      'table',
      'Deploys',
    );
    await show(
      createExtensionTester(rolloutHealthCard).reactElement(),
      'region',
      'Rollout orders-api',
    );
  });

  it('mounts the tab at /delivery, titled Delivery, only for entities with delivery annotations', () => {
    const tester = createExtensionTester(deliveryEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Delivery');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotated)).toBe(true);
    expect(filter(bare)).toBe(false);
  });

  it('renders the tab with the Argo CD card through the plugin API', async () => {
    const getDeployments = jest.fn().mockResolvedValue(deploymentsResponse);
    const getDora = jest.fn().mockResolvedValue(paymentsDora);
    const tester = createExtensionTester(deliveryEntityContent, {
      apis: [[deliveryApiRef, { getDeployments, getDora }]],
    });
    renderInTestApp(
      <EntityProvider entity={annotated}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [[deliveryApiRef, { getDeployments, getDora }]],
      },
    );
    expect(
      await screen.findByRole('region', {
        name: 'Argo CD application payments-api-prod',
      }),
    ).toBeInTheDocument();
    expect(getDeployments).toHaveBeenCalledTimes(1);
  });

  it('mounts a Delivery tab on groups only, and the service tab never on them', () => {
    const tester = createExtensionTester(teamDeliveryEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Delivery');
    const teamFilter = tester.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    expect(teamFilter(team)).toBe(true);
    expect(teamFilter({ ...team, kind: 'group' })).toBe(true);
    expect(teamFilter(annotated)).toBe(false);
    expect(teamFilter(bare)).toBe(false);

    const serviceFilter = createExtensionTester(deliveryEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    const annotatedTeam: Entity = {
      ...team,
      metadata: {
        ...team.metadata,
        annotations: annotated.metadata.annotations,
      },
    };
    expect(serviceFilter(annotatedTeam)).toBe(false);
  });

  it("renders a group's Delivery tab through the plugin API", async () => {
    const getTeamDora = jest.fn().mockResolvedValue(teamDora);
    const tester = createExtensionTester(teamDeliveryEntityContent);
    renderInTestApp(
      <EntityProvider entity={team}>{tester.reactElement()}</EntityProvider>,
      {
        apis: [[deliveryApiRef, { getTeamDora }]],
        // The catalog mounts it in the app; the services link to their pages.
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByRole('region', { name: 'Team figures' }),
    ).toBeInTheDocument();
    expect(getTeamDora).toHaveBeenCalledWith(
      { kind: 'Group', namespace: 'default', name: 'team-payments' },
      { days: 90 },
    );
  });
});
