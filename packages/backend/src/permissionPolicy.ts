import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { deliveryPermissions } from '@go-delivery/plugin-delivery-common';

/**
 * The portal's policy: everything the Delivery bundle changes (rerun, cancel, promote, abort,
 * rollback) is allowed to the owners of the entity only; everything else is allowed, as in a
 * default Backstage app. Catalog reads stay open so guests can browse the demo.
 */
export class DeliveryPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const isDeliveryAction = deliveryPermissions.some(p =>
      isPermission(request.permission, p),
    );
    if (
      isDeliveryAction &&
      isResourcePermission(request.permission, 'catalog-entity')
    ) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link DeliveryPermissionPolicy} as the permission backend's policy. */
export const deliveryPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'delivery-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new DeliveryPermissionPolicy());
      },
    });
  },
});
