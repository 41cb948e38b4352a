import { Entity } from '@backstage/catalog-model';
import { alertApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { RenderResult } from '@testing-library/react';
import { DeliveryApi, deliveryApiRef } from '../api';

/** The rendered card, the permission API's `authorize` and the alert API's `post` mocks. */
export type RenderedWithEntity = RenderResult & {
  authorize: jest.Mock;
  alertApi: { post: jest.Mock; alert$: jest.Mock };
};

/** A Go service entity as the demo catalog has it, with a name of the test's choosing. */
export function serviceEntity(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'guests', lifecycle: 'production' },
  };
}

/**
 * Renders a card for an entity with a mocked Delivery API, a permission API that allows exactly
 * the named permissions, and a recording alert API.
 *
 * The permission hook caches decisions by permission and entity ref for the whole test file, so
 * tests that expect different decisions use different entity names.
 */
export async function renderWithEntity(
  element: React.ReactElement,
  options: {
    entity: Entity;
    api: Partial<DeliveryApi>;
    allow?: string[];
  },
): Promise<RenderedWithEntity> {
  const allowed = new Set(options.allow ?? []);
  const authorize = jest.fn(
    ({ permission }: { permission: { name: string } }) =>
      allowed.has(permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  );
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  // Mounted so that entity links (a team's services) resolve.
  const rendered = await renderInTestApp(
    <TestApiProvider
      apis={[
        [deliveryApiRef, options.api],
        [permissionApiRef, mockApis.permission({ authorize })],
        [alertApiRef, alertApi],
      ]}
    >
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return { ...rendered, authorize, alertApi };
}
