import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { deliveryApiRef } from './api';
import {
  deliveryPlugin,
  EntityArgoCdDeploymentCard,
  EntityCoverageCard,
  EntityDeliveryContent,
  EntityGoldenSignalsCard,
  EntityPipelineRunsCard,
  EntityRolloutHealthCard,
} from './plugin';
import {
  pipelineRunRerunPermission,
  rolloutPromotePermission,
} from '@go-delivery/plugin-delivery-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis } from '@backstage/test-utils';
import {
  renderWithEntity,
  serviceEntity,
} from './__testUtils__/renderWithEntity';
import {
  coverageHistoryResponse,
  coverageResponse,
  deploymentsResponse,
  metricsView,
  pipelineRunsResponse,
  prodApplication,
} from './testing/viewModels';
import { rolloutsResponse } from './testing/rolloutViewModels';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: { 'argocd/app-name': 'payments-api-prod' },
  },
};

describe('legacy frontend system plugin', () => {
  it('is the delivery plugin and provides its API', () => {
    expect(deliveryPlugin.getId()).toBe('delivery');
    expect([...deliveryPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.delivery.service',
    ]);
  });

  it('renders the routable tab extension', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [deliveryApiRef, { getDeployments: async () => deploymentsResponse }],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider entity={entity}>
          <Routes>
            <Route path="/*" element={<EntityDeliveryContent />} />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('region', {
        name: 'Argo CD application payments-api-prod',
      }),
    ).toBeInTheDocument();
  });

  it('renders the overview card extension', async () => {
    // The entity names payments-api-prod alone.
    const prodOnly = {
      ...deploymentsResponse,
      applications: [prodApplication],
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[[deliveryApiRef, { getDeployments: async () => prodOnly }]]}
      >
        <EntityProvider entity={entity}>
          <EntityArgoCdDeploymentCard historyLimit={1} />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('table', { name: 'Deployment history' }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('row')).toHaveLength(2);
  });

  it('renders the pipeline runs card extension, with the actions the policy allows', async () => {
    await renderWithEntity(<EntityPipelineRunsCard pollIntervalMs={0} />, {
      entity: serviceEntity('legacy-pipelines', {
        'tekton.dev/cicd': 'true',
        'backstage.io/kubernetes-id': 'payments-api',
      }),
      api: { getPipelineRuns: async () => pipelineRunsResponse },
      allow: [pipelineRunRerunPermission.name],
    });
    expect(
      await screen.findByRole('table', { name: 'Pipeline runs' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', {
        name: 'Rerun payments-api-ci-7xk2p',
      }),
    ).toBeInTheDocument();
  });

  it('renders the coverage card extension', async () => {
    await renderWithEntity(<EntityCoverageCard />, {
      entity: serviceEntity('legacy-coverage', {
        'backstage.io/code-coverage': 'enabled',
      }),
      api: {
        getCoverage: async () => coverageResponse,
        getCoverageHistory: async () => coverageHistoryResponse,
      },
    });
    expect(
      await screen.findByRole('region', { name: 'Coverage summary' }),
    ).toBeInTheDocument();
  });

  it('renders the golden signals card extension', async () => {
    await renderWithEntity(<EntityGoldenSignalsCard defaultRange="6h" />, {
      entity: serviceEntity('legacy-metrics', {
        'go-delivery.dev/metrics-service': 'payments-api',
      }),
      api: { getMetrics: async () => metricsView },
    });
    expect(
      await screen.findByRole('table', { name: 'Deploys' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Time range')).toHaveValue('6h');
  });

  it('renders the rollout health card extension, with the actions the policy allows', async () => {
    await renderWithEntity(<EntityRolloutHealthCard pollIntervalMs={0} />, {
      entity: serviceEntity('legacy-rollouts', {
        'backstage.io/kubernetes-id': 'orders-api',
      }),
      api: { getRollouts: async () => rolloutsResponse },
      allow: [rolloutPromotePermission.name],
    });
    expect(
      await screen.findByRole('region', { name: 'Rollout orders-api' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Promote' }),
    ).toBeInTheDocument();
  });
});
