import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { deliveryApiRef } from '../../api';
import { deploymentsResponse } from '../../testing/viewModels';
import { EntityDeliveryContent } from './EntityDeliveryContent';

function render(
  entity: Entity,
  getDeployments = jest.fn().mockResolvedValue(deploymentsResponse),
) {
  return renderInTestApp(
    <TestApiProvider apis={[[deliveryApiRef, { getDeployments }]]}>
      <EntityProvider entity={entity}>
        <EntityDeliveryContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityDeliveryContent', () => {
  it('shows the deployment card for an entity with Argo CD annotations', async () => {
    await render({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'svc',
        annotations: { 'argocd/app-selector': 'team=a' },
      },
    });
    expect(await screen.findByText('Deployments')).toBeInTheDocument();
    expect(
      await screen.findByRole('region', {
        name: 'Argo CD application payments-api-prod',
      }),
    ).toBeInTheDocument();
  });

  it('guides the setup for an entity without any delivery annotation', async () => {
    const getDeployments = jest.fn();
    await render(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'svc' },
      },
      getDeployments,
    );
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(getDeployments).not.toHaveBeenCalled();
  });
});
