import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { Request } from 'express';

/**
 * What the frames read of a request (path parameters, query, body), for a call that came through
 * the actions registry instead of HTTP: the same fields, so the same strict readers check them.
 */
export function frameRequest(options: {
  entityRef: string;
  params?: Record<string, string>;
  body?: unknown;
}): Request {
  let ref;
  try {
    ref = parseEntityRef(options.entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `'entityRef' must be an entity reference like component:default/payments-api: ${
        (error as Error).message
      }`,
    );
  }
  return {
    params: {
      kind: ref.kind.toLocaleLowerCase('en-US'),
      namespace: ref.namespace,
      name: ref.name,
      ...options.params,
    },
    query: {},
    body: options.body ?? {},
  } as unknown as Request;
}
