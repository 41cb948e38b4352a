import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { PipelineStepRef } from '@go-delivery/plugin-delivery-common';
import { formatBytes } from '../../utils/formatRelativeTime';
import { DataView } from '../../kit';
import { useStepLog } from './useStepLog';

/** A step of a run that the log dialog is open for, and how to name it. */
export interface StepLogTarget {
  step: PipelineStepRef;
  /** E.g. `test / go-test`. */
  title: string;
}

const useStyles = makeStyles(theme => ({
  log: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    margin: 0,
    padding: theme.spacing(1.5),
    maxHeight: '60vh',
    overflow: 'auto',
    backgroundColor: theme.palette.type === 'dark' ? '#111' : '#f5f5f5',
    borderRadius: theme.shape.borderRadius,
  },
}));

// Tekton steps often colour their output; the viewer shows plain text.
const ANSI_ESCAPE = new RegExp(
  `${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`,
  'g',
);

export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPE, '');
}

/** Content and buttons of the open dialog; the log is read when this mounts. */
function StepLogView(props: { target: StepLogTarget; onClose: () => void }) {
  const classes = useStyles();
  const log = useStepLog(props.target.step);
  return (
    <>
      <DialogContent>
        <DataView data={log}>
          {value => (
            <>
              {value.truncated && (
                <Alert severity="info" style={{ marginBottom: 8 }}>
                  The log is longer than {formatBytes(value.limitBytes)}; only
                  its first {formatBytes(value.limitBytes)} are shown.
                </Alert>
              )}
              {value.text === '' ? (
                <Typography variant="body2" color="textSecondary">
                  The step wrote no output.
                </Typography>
              ) : (
                <pre className={classes.log} aria-label="Step log">
                  {stripAnsi(value.text)}
                </pre>
              )}
              <Typography variant="caption" color="textSecondary">
                Pod {value.pod}, container {value.container}
              </Typography>
            </>
          )}
        </DataView>
      </DialogContent>
      <DialogActions>
        <Button onClick={log.retry} disabled={log.loading}>
          Reload
        </Button>
        <Button onClick={props.onClose} color="primary">
          Close
        </Button>
      </DialogActions>
    </>
  );
}

/** The log of one step, read from the cluster when the dialog opens. */
export function StepLogDialog(props: {
  target?: StepLogTarget;
  onClose: () => void;
}) {
  const { target, onClose } = props;
  return (
    <Dialog
      open={Boolean(target)}
      onClose={onClose}
      fullWidth
      maxWidth="lg"
      aria-labelledby="delivery-step-log-title"
    >
      <DialogTitle id="delivery-step-log-title">
        {target ? `Log of ${target.title}` : 'Log'}
      </DialogTitle>
      {target && <StepLogView target={target} onClose={onClose} />}
    </Dialog>
  );
}
