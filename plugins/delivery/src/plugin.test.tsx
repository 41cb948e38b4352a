import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { deliveryApiRef } from './api';
import {
  deliveryPlugin,
  EntityArgoCdDeploymentCard,
  EntityDeliveryContent,
} from './plugin';
import { deploymentsResponse } from './testing/viewModels';

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
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [deliveryApiRef, { getDeployments: async () => deploymentsResponse }],
        ]}
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
});
