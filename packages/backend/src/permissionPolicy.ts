import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityCreatePermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { deliveryPermissions } from '@go-delivery/plugin-delivery-common';

/** Where the config names the admin group (declared in config.d.ts). */
export const ADMIN_GROUP_KEY = 'delivery.permissions.adminGroup';

/**
 * Registering a location or an entity: whoever may could add a Template, whose steps run with the
 * scaffolder's credentials.
 */
const registrationPermissions: Permission[] = [
  catalogLocationCreatePermission,
  catalogEntityCreatePermission,
];

export interface DeliveryPermissionPolicyOptions {
  /** Entity ref of the group whose members may register locations and templates. */
  adminGroup?: string;
}

/**
 * The portal's policy: everything the Delivery bundle changes (rerun, cancel, promote, abort,
 * rollback) is allowed to the owners of the entity only; registering catalog locations and
 * entities, and refreshing Templates, to the admin group only; everything else is allowed, as in
 * a default Backstage app. Catalog reads stay open so guests can browse the demo.
 */
export class DeliveryPermissionPolicy implements PermissionPolicy {
  private readonly adminGroup?: string;

  constructor(options: DeliveryPermissionPolicyOptions = {}) {
    this.adminGroup =
      options.adminGroup === undefined
        ? undefined
        : normalizeGroupRef(options.adminGroup);
  }

  static fromConfig(config: Config): DeliveryPermissionPolicy {
    return new DeliveryPermissionPolicy({
      adminGroup: config.getOptionalString(ADMIN_GROUP_KEY),
    });
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const isDeliveryAction = deliveryPermissions.some(p =>
      isPermission(permission, p),
    );
    if (
      isDeliveryAction &&
      isResourcePermission(permission, 'catalog-entity')
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    if (this.isAdmin(user)) return { result: AuthorizeResult.ALLOW };
    if (registrationPermissions.some(p => isPermission(permission, p))) {
      return { result: AuthorizeResult.DENY };
    }
    // A refreshed Template is re-read from its source at once; other kinds stay refreshable.
    if (isPermission(permission, catalogEntityRefreshPermission)) {
      return createCatalogConditionalDecision(permission, {
        not: catalogConditions.isEntityKind({ kinds: ['Template'] }),
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }

  private isAdmin(user?: PolicyQueryUser): boolean {
    const { adminGroup } = this;
    return (
      adminGroup !== undefined &&
      (user?.info.ownershipEntityRefs ?? []).some(
        ref => ref.toLocaleLowerCase('en-US') === adminGroup,
      )
    );
  }
}

/** `platform-admins` or `group:default/platform-admins`, compared as the catalog does: lowercase. */
function normalizeGroupRef(value: string): string {
  const ref = parseEntityRef(value, {
    defaultKind: 'group',
    defaultNamespace: 'default',
  });
  if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new Error(
      `${ADMIN_GROUP_KEY} '${value}' must be a group, e.g. group:default/platform-admins`,
    );
  }
  return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
}

/** Installs {@link DeliveryPermissionPolicy} as the permission backend's policy. */
export const deliveryPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'delivery-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(DeliveryPermissionPolicy.fromConfig(config));
      },
    });
  },
});
