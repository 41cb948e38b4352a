import { RolloutRef } from '@go-delivery/plugin-delivery-common';
import { ConfirmDialog } from '../../kit';

/** Asks before a canary skips its remaining steps, pauses and analysis. */
export function PromoteFullDialog(props: {
  rollout?: RolloutRef;
  onConfirm: (rollout: RolloutRef) => void;
  onClose: () => void;
}) {
  const { rollout, onConfirm, onClose } = props;
  return (
    <ConfirmDialog
      id="delivery-promote-full"
      open={Boolean(rollout)}
      title={`Promote ${rollout?.name ?? ''} fully?`}
      text="The remaining steps, pauses and analysis are skipped: the new version gets all traffic now."
      cancelLabel="Cancel"
      confirmLabel="Promote fully"
      confirmColor="primary"
      onConfirm={() => rollout && onConfirm(rollout)}
      onClose={onClose}
    />
  );
}
