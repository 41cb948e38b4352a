import { usePermission } from '@backstage/plugin-permission-react';
import {
  pipelineRunCancelPermission,
  pipelineRunRerunPermission,
} from '@go-delivery/plugin-delivery-common';

/**
 * Whether the signed-in user may rerun or cancel the entity's pipeline runs. The backend checks
 * again; this only keeps buttons away from people who could not use them.
 */
export function useRunPermissions(entityRef: string) {
  const rerun = usePermission({
    permission: pipelineRunRerunPermission,
    resourceRef: entityRef,
  });
  const cancel = usePermission({
    permission: pipelineRunCancelPermission,
    resourceRef: entityRef,
  });
  return { canRerun: rerun.allowed, canCancel: cancel.allowed };
}
