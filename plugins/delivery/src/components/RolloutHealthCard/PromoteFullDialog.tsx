import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { RolloutRef } from '@go-delivery/plugin-delivery-common';

/** Asks before a canary skips its remaining steps, pauses and analysis. */
export function PromoteFullDialog(props: {
  rollout?: RolloutRef;
  onConfirm: (rollout: RolloutRef) => void;
  onClose: () => void;
}) {
  const { rollout, onConfirm, onClose } = props;
  return (
    <Dialog
      open={Boolean(rollout)}
      onClose={onClose}
      aria-labelledby="delivery-promote-full-title"
      aria-describedby="delivery-promote-full-text"
    >
      <DialogTitle id="delivery-promote-full-title">
        Promote {rollout?.name} fully?
      </DialogTitle>
      <DialogContent>
        <DialogContentText id="delivery-promote-full-text">
          The remaining steps, pauses and analysis are skipped: the new version
          gets all traffic now.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={() => rollout && onConfirm(rollout)}
        >
          Promote fully
        </Button>
      </DialogActions>
    </Dialog>
  );
}
