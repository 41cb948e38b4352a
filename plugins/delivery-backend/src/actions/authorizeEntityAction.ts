import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Asks the permission framework about entity-scoped permissions, in one request. Used before
 * anything is sent upstream, and to tell the frontend which actions to offer.
 */
export async function entityPermissionDecisions(options: {
  permissions: PermissionsService;
  entity: Entity;
  credentials: BackstageCredentials;
  checks: ResourcePermission<'catalog-entity'>[];
}): Promise<boolean[]> {
  const resourceRef = stringifyEntityRef(options.entity);
  const decisions = await options.permissions.authorize(
    options.checks.map(permission => ({ permission, resourceRef })),
    { credentials: options.credentials },
  );
  return decisions.map(d => d.result === AuthorizeResult.ALLOW);
}

/** Throws a NotAllowedError (403) unless the caller has the permission on the entity. */
export async function authorizeEntityAction(options: {
  permissions: PermissionsService;
  entity: Entity;
  credentials: BackstageCredentials;
  permission: ResourcePermission<'catalog-entity'>;
}): Promise<void> {
  const [allowed] = await entityPermissionDecisions({
    ...options,
    checks: [options.permission],
  });
  if (!allowed) {
    throw new NotAllowedError(
      `Not allowed to ${options.permission.name} for '${stringifyEntityRef(
        options.entity,
      )}'`,
    );
  }
}

/** The caller as audit events and commit messages name it. */
export function principalOf(
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal?.type === 'user') return principal.userEntityRef;
  if (principal?.type === 'service') return principal.subject;
  return undefined;
}
