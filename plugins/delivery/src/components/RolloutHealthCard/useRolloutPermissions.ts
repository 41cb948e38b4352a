import { usePermission } from '@backstage/plugin-permission-react';
import {
  deliveryRollbackPermission,
  rolloutAbortPermission,
  rolloutPromotePermission,
} from '@go-delivery/plugin-delivery-common';

/**
 * What the signed-in user may do to the entity's rollouts. The backend checks again; this only
 * keeps buttons away from people who could not use them.
 */
export function useRolloutPermissions(entityRef: string) {
  const promote = usePermission({
    permission: rolloutPromotePermission,
    resourceRef: entityRef,
  });
  const abort = usePermission({
    permission: rolloutAbortPermission,
    resourceRef: entityRef,
  });
  const rollback = usePermission({
    permission: deliveryRollbackPermission,
    resourceRef: entityRef,
  });
  return {
    /** Promote, promote-full and retry. */
    canPromote: promote.allowed,
    canAbort: abort.allowed,
    canRollback: rollback.allowed,
  };
}
