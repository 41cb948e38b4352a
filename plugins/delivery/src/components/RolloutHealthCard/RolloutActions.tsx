import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import {
  deliveryRollbackPermission,
  RolloutView,
} from '@go-delivery/plugin-delivery-common';
import { isUndoable } from './undoChoices';
import { CardRolloutAction } from './useRolloutActions';

/** What the signed-in user may do, and what is under way on the card. */
export interface RolloutActionsState {
  canPromote: boolean;
  canAbort: boolean;
  /** Undo: the permission the backend checks for it is the rollback one. */
  canUndo: boolean;
  /** The action under way on this Rollout, if any. */
  pending?: CardRolloutAction;
  /** Any action under way on the card: one at a time. */
  busy: boolean;
}

/**
 * The buttons a Rollout offers right now (as the backend says) to a user the policy allows:
 * promote, promote fully and retry act directly; abort opens the rollback dialog; undo opens its
 * own dialog, and shows disabled, saying why, to a user who may not roll back.
 */
export function RolloutActions(props: {
  rollout: RolloutView;
  state: RolloutActionsState;
  onAction: (action: CardRolloutAction, rollout: RolloutView) => void;
  onAbort: (rollout: RolloutView) => void;
  onUndo: (rollout: RolloutView) => void;
}) {
  const { rollout, state, onAction, onAbort, onUndo } = props;
  const { actions } = rollout;
  const button = (action: CardRolloutAction, label: string) => (
    <Button
      size="small"
      variant="outlined"
      color="primary"
      disabled={state.busy}
      onClick={() => onAction(action, rollout)}
      endIcon={
        state.pending === action ? <CircularProgress size={14} /> : undefined
      }
    >
      {label}
    </Button>
  );
  const shown = {
    promote: state.canPromote && actions.promote,
    promoteFull: state.canPromote && actions.promoteFull,
    retry: state.canPromote && actions.retry,
    abort: state.canAbort && rollout.strategy === 'canary' && actions.abort,
    undo: isUndoable(rollout),
  };
  const undoReasonId = `delivery-undo-denied-${rollout.cluster}-${rollout.namespace}-${rollout.name}`;
  if (!Object.values(shown).some(Boolean)) return null;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} marginY={1}>
      {shown.promote && button('promote', 'Promote')}
      {shown.promoteFull && button('promote-full', 'Promote full')}
      {shown.retry && button('retry', 'Retry')}
      {shown.abort && (
        <Button
          size="small"
          variant="outlined"
          color="secondary"
          disabled={state.busy}
          onClick={() => onAbort(rollout)}
        >
          Abort
        </Button>
      )}
      {shown.undo && (
        <Button
          size="small"
          variant="outlined"
          color="secondary"
          disabled={state.busy || !state.canUndo}
          aria-describedby={state.canUndo ? undefined : undoReasonId}
          onClick={() => onUndo(rollout)}
        >
          Undo
        </Button>
      )}
      {shown.undo && !state.canUndo && (
        <Typography
          id={undoReasonId}
          variant="caption"
          color="textSecondary"
          style={{ alignSelf: 'center' }}
        >
          Undo needs the {deliveryRollbackPermission.name} permission, which you
          do not have for this entity.
        </Typography>
      )}
    </Box>
  );
}
