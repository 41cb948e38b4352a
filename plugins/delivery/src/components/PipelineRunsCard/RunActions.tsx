import CircularProgress from '@material-ui/core/CircularProgress';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import ReplayIcon from '@material-ui/icons/Replay';
import StopIcon from '@material-ui/icons/Stop';
import { PipelineRunView } from '@go-delivery/plugin-delivery-common';
import { RunAction } from './useRunActions';

/** What the signed-in user may do, and whether an action is under way. */
export interface RunActionsState {
  canRerun: boolean;
  canCancel: boolean;
  /** The action under way on this run, if any. */
  pending?: RunAction;
  /** Any action under way on the card: one at a time. */
  busy: boolean;
}

/** Rerun (any run) and cancel (a run that has not finished), each only when permitted. */
export function RunActions(props: {
  run: PipelineRunView;
  state: RunActionsState;
  onRerun: (run: PipelineRunView) => void;
  onCancel: (run: PipelineRunView) => void;
}) {
  const { run, state, onRerun, onCancel } = props;
  const spinner = <CircularProgress size={18} />;
  return (
    <>
      {state.canRerun && (
        <Tooltip title="Rerun">
          <span>
            <IconButton
              size="small"
              aria-label={`Rerun ${run.name}`}
              disabled={state.busy}
              onClick={() => onRerun(run)}
            >
              {state.pending === 'rerun' ? spinner : <ReplayIcon />}
            </IconButton>
          </span>
        </Tooltip>
      )}
      {state.canCancel && run.cancellable && (
        <Tooltip title="Cancel">
          <span>
            <IconButton
              size="small"
              aria-label={`Cancel ${run.name}`}
              disabled={state.busy}
              onClick={() => onCancel(run)}
            >
              {state.pending === 'cancel' ? spinner : <StopIcon />}
            </IconButton>
          </span>
        </Tooltip>
      )}
    </>
  );
}
