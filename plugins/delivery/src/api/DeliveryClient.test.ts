import { MockFetchApi } from '@backstage/test-utils';
import { DeliveryClient, entityPath } from './DeliveryClient';

describe('DeliveryClient', () => {
  const discoveryApi = {
    getBaseUrl: async () => 'http://backstage/api/delivery',
  };

  it('calls the deployments route of the entity through the authenticated fetch', async () => {
    const calls: string[] = [];
    const fetchApi = new MockFetchApi({
      baseImplementation: async (input: any) => {
        calls.push(String(input));
        return new Response(
          JSON.stringify({ applications: [], failures: [], instances: [] }),
          {
            status: 200,
            headers: { 'content-type': 'application/json' },
          },
        );
      },
    });
    const client = new DeliveryClient({ discoveryApi, fetchApi });
    await expect(
      client.getDeployments({
        kind: 'Component',
        namespace: 'default',
        name: 'payments-api',
      }),
    ).resolves.toEqual({ applications: [], failures: [], instances: [] });
    expect(calls).toEqual([
      'http://backstage/api/delivery/entities/component/default/payments-api/deployments',
    ]);
  });

  it('turns an error answer into a ResponseError carrying the backend message', async () => {
    const fetchApi = new MockFetchApi({
      baseImplementation: async () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: 'Entity not found' },
            request: {
              method: 'GET',
              url: '/api/delivery/entities/component/default/x/deployments',
            },
            response: { statusCode: 404 },
          }),
          {
            status: 404,
            statusText: 'Not Found',
            headers: { 'content-type': 'application/json' },
          },
        ),
    });
    const client = new DeliveryClient({ discoveryApi, fetchApi });
    await expect(
      client.getDeployments({
        kind: 'Component',
        namespace: 'default',
        name: 'x',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      body: { error: { message: 'Entity not found' } },
    });
  });

  it('encodes each part of the entity reference', () => {
    expect(
      entityPath({ kind: 'Component', namespace: 'a b', name: 'x/../y' }),
    ).toBe('/entities/component/a%20b/x%2F..%2Fy');
  });
});
