import { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * The catalog's entities that carry any of these annotations, read with the plugin's own
 * credentials (background work sees every entity; what a caller may see is decided per request).
 * Only the fields the delivery targets are read from.
 */
export async function entitiesWithAnnotations(options: {
  catalog: CatalogService;
  auth: AuthService;
  annotations: readonly string[];
}): Promise<Entity[]> {
  const { items } = await options.catalog.getEntities(
    {
      filter: options.annotations.map(key => ({
        [`metadata.annotations.${key}`]: CATALOG_FILTER_EXISTS,
      })),
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
      ],
    },
    { credentials: await options.auth.getOwnServiceCredentials() },
  );
  return items;
}
