import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

const validators = makeValidator();

/** The entity reference of a request path; only used for the catalog lookup, never upstream. */
export interface EntityRefParams {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Reads the entity from the catalog with the caller's own credentials, so the catalog's permission
 * rules decide visibility: an entity the caller may not read is reported as not found.
 */
export async function loadEntityForCaller(options: {
  catalog: CatalogService;
  params: EntityRefParams;
  credentials: BackstageCredentials;
}): Promise<Entity> {
  const { kind, namespace, name } = options.params;
  if (
    !validators.isValidKind(kind) ||
    !validators.isValidNamespace(namespace) ||
    !validators.isValidEntityName(name)
  ) {
    throw new InputError(
      `Malformed entity reference '${kind}:${namespace}/${name}'`,
    );
  }
  const ref = stringifyEntityRef({ kind, namespace, name });
  const entity = await options.catalog.getEntityByRef(ref, {
    credentials: options.credentials,
  });
  if (!entity) {
    throw new NotFoundError(`Entity '${ref}' not found`);
  }
  return entity;
}
