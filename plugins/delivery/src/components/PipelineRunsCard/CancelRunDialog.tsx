import { PipelineRunRef } from '@go-delivery/plugin-delivery-common';
import { ConfirmDialog } from '../../kit';

/** Asks before a run is cancelled: its running tasks are stopped and cannot be resumed. */
export function CancelRunDialog(props: {
  run?: PipelineRunRef;
  onConfirm: (run: PipelineRunRef) => void;
  onClose: () => void;
}) {
  const { run, onConfirm, onClose } = props;
  return (
    <ConfirmDialog
      id="delivery-cancel-run"
      open={Boolean(run)}
      title="Cancel pipeline run?"
      text={
        run
          ? `${run.name} (cluster ${run.cluster}, namespace ${run.namespace}) will be stopped: its running tasks are cancelled and the tasks after them do not start.`
          : ''
      }
      cancelLabel="Keep running"
      confirmLabel="Cancel run"
      confirmColor="secondary"
      onConfirm={() => run && onConfirm(run)}
      onClose={onClose}
    />
  );
}
