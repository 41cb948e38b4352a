import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import deliveryPlugin, {
  argoCdDeploymentCard,
  deliveryEntityContent,
} from './alpha';
import { deliveryApiRef } from './api';
import { deploymentsResponse } from './testing/viewModels';

const annotated: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: { 'argocd/app-name': 'payments-api-prod' },
  },
};
const bare: Entity = { ...annotated, metadata: { name: 'plain' } };

describe('new frontend system plugin', () => {
  it('is the delivery plugin with the tab and the overview card', () => {
    expect(deliveryPlugin.id).toBe('delivery');
    expect(String(deliveryEntityContent)).toContain('kind=entity-content');
    expect(String(argoCdDeploymentCard)).toContain('kind=entity-card');
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
    const tester = createExtensionTester(deliveryEntityContent, {
      apis: [[deliveryApiRef, { getDeployments }]],
    });
    renderInTestApp(
      <EntityProvider entity={annotated}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [[deliveryApiRef, { getDeployments }]],
      },
    );
    expect(
      await screen.findByRole('region', {
        name: 'Argo CD application payments-api-prod',
      }),
    ).toBeInTheDocument();
    expect(getDeployments).toHaveBeenCalledTimes(1);
  });
});
