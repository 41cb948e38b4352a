import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { PipelineRunRef } from '@go-delivery/plugin-delivery-common';

/** Asks before a run is cancelled: its running tasks are stopped and cannot be resumed. */
export function CancelRunDialog(props: {
  run?: PipelineRunRef;
  onConfirm: (run: PipelineRunRef) => void;
  onClose: () => void;
}) {
  const { run, onConfirm, onClose } = props;
  return (
    <Dialog
      open={Boolean(run)}
      onClose={onClose}
      aria-labelledby="delivery-cancel-run-title"
      aria-describedby="delivery-cancel-run-text"
    >
      <DialogTitle id="delivery-cancel-run-title">
        Cancel pipeline run?
      </DialogTitle>
      <DialogContent>
        <DialogContentText id="delivery-cancel-run-text">
          {run
            ? `${run.name} (cluster ${run.cluster}, namespace ${run.namespace}) will be stopped: its running tasks are cancelled and the tasks after them do not start.`
            : ''}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Keep running</Button>
        <Button
          color="secondary"
          variant="contained"
          onClick={() => run && onConfirm(run)}
        >
          Cancel run
        </Button>
      </DialogActions>
    </Dialog>
  );
}
