import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import useAsync from 'react-use/esm/useAsync';

type Permission = Parameters<PermissionApi['authorize']>[0]['permission'];

/**
 * Whether the signed-in user may do each of `permissions` to the current entity: false until
 * the answer is there, and when the policy could not be asked. The backend checks again; this
 * only keeps buttons away from people who could not use them.
 */
export function useEntityPermissions<K extends string>(
  permissions: Record<K, Permission>,
): Record<K, boolean> {
  const { entity } = useEntity();
  const permissionApi = useApi(permissionApiRef);
  const resourceRef = stringifyEntityRef(entity);
  const names = Object.keys(permissions) as K[];
  // Asked together, so the permission client sends them in one request.
  const { value } = useAsync(
    () =>
      Promise.all(
        names.map(name =>
          permissionApi.authorize({
            permission: permissions[name],
            resourceRef,
          }),
        ),
      ),
    [permissionApi, resourceRef, names.map(n => permissions[n].name).join()],
  );
  return Object.fromEntries(
    names.map((name, i) => [name, value?.[i].result === 'ALLOW']),
  ) as Record<K, boolean>;
}
