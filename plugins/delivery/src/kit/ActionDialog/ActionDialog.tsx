import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode } from 'react';

/**
 * The frame of a dialog that previews an action, then acts: named by its title, and not closed
 * by a click beside it or Escape while the action is on its way (its answer would be lost).
 */
export function ActionDialog(props: {
  /** The title's id, which names the dialog. */
  titleId: string;
  title: ReactNode;
  /** Whether the action is on its way. */
  busy: boolean;
  onClose: () => void;
  children: ReactNode;
  actions: ReactNode;
}) {
  const { titleId, busy, onClose } = props;
  return (
    <Dialog
      open
      onClose={() => {
        if (!busy) onClose();
      }}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent dividers>{props.children}</DialogContent>
      <DialogActions>{props.actions}</DialogActions>
    </Dialog>
  );
}

/** The button that acts, with a spinner while the action is on its way. */
export function ActionButton(props: {
  busy: boolean;
  disabled?: boolean;
  color?: 'primary' | 'secondary';
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Button
      color={props.color ?? 'primary'}
      variant="contained"
      disabled={props.disabled || props.busy}
      onClick={props.onClick}
      endIcon={props.busy ? <CircularProgress size={16} /> : undefined}
    >
      {props.children}
    </Button>
  );
}
