import { ConfigReader } from '@backstage/config';
import {
  catalogEntityCreatePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { deliveryRollbackPermission } from '@go-delivery/plugin-delivery-common';
import { DeliveryPermissionPolicy } from './permissionPolicy';

function user(...ownershipEntityRefs: string[]): PolicyQueryUser {
  return {
    info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
  } as PolicyQueryUser;
}

const admin = user('user:default/ada', 'group:default/Platform-Admins');
const developer = user('user:default/dev', 'group:default/team-payments');

const policy = DeliveryPermissionPolicy.fromConfig(
  new ConfigReader({
    delivery: { permissions: { adminGroup: 'platform-admins' } },
  }),
);
const decide = (permission: Permission, who?: PolicyQueryUser) =>
  policy.handle({ permission }, who);

const notTemplates = {
  not: {
    rule: 'IS_ENTITY_KIND',
    resourceType: 'catalog-entity',
    params: { kinds: ['Template'] },
  },
};

describe('DeliveryPermissionPolicy', () => {
  it.each([catalogLocationCreatePermission, catalogEntityCreatePermission])(
    'lets only the admin group register ($name)',
    async permission => {
      expect(await decide(permission, admin)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
      expect(await decide(permission, developer)).toEqual({
        result: AuthorizeResult.DENY,
      });
      expect(await decide(permission)).toEqual({
        result: AuthorizeResult.DENY,
      });
    },
  );

  it('lets everyone refresh entities, but only the admin group Templates', async () => {
    expect(await decide(catalogEntityRefreshPermission, admin)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await decide(catalogEntityRefreshPermission, developer)).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: notTemplates,
    });
  });

  it('lets nobody register without an admin group', async () => {
    const closed = new DeliveryPermissionPolicy();
    expect(
      await closed.handle(
        { permission: catalogLocationCreatePermission },
        admin,
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('keeps the Delivery actions to the entity owners, admins included', async () => {
    expect(await decide(deliveryRollbackPermission, admin)).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: admin.info.ownershipEntityRefs },
      },
    });
  });

  it('allows everything else, such as reading the catalog', async () => {
    expect(await decide(catalogEntityReadPermission, developer)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('refuses an admin group that is not a group', () => {
    expect(
      () => new DeliveryPermissionPolicy({ adminGroup: 'user:default/ada' }),
    ).toThrow(
      "delivery.permissions.adminGroup 'user:default/ada' must be a group",
    );
  });
});
