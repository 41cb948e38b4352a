import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode } from 'react';

/** Asks before an action that cannot be taken back, naming what it does. */
export function ConfirmDialog(props: {
  /** Prefix of the ids that name and describe the dialog. */
  id: string;
  open: boolean;
  title: ReactNode;
  text: ReactNode;
  cancelLabel: string;
  confirmLabel: string;
  /** Secondary for what stops or removes something. */
  confirmColor: 'primary' | 'secondary';
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { id, onClose } = props;
  return (
    <Dialog
      open={props.open}
      onClose={onClose}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
    >
      <DialogTitle id={`${id}-title`}>{props.title}</DialogTitle>
      <DialogContent>
        <DialogContentText id={`${id}-text`}>{props.text}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{props.cancelLabel}</Button>
        <Button
          color={props.confirmColor}
          variant="contained"
          onClick={props.onConfirm}
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
