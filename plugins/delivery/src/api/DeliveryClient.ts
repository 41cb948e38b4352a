import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { DeploymentsResponse } from '@go-delivery/plugin-delivery-common';
import { DeliveryApi } from './DeliveryApi';

/** Talks to the Delivery backend through Backstage's discovery and authenticated fetch. @public */
export class DeliveryClient implements DeliveryApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getDeployments(entity: CompoundEntityRef): Promise<DeploymentsResponse> {
    return this.get(`${entityPath(entity)}/deployments`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('delivery');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}

/** `/entities/<kind>/<namespace>/<name>`, each part encoded (kinds are case-insensitive). */
export function entityPath(entity: CompoundEntityRef): string {
  const parts = [
    entity.kind.toLocaleLowerCase('en-US'),
    entity.namespace,
    entity.name,
  ];
  return `/entities/${parts.map(encodeURIComponent).join('/')}`;
}
