import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { RolloutView } from '@go-delivery/plugin-delivery-common';
import { ReactNode, useState } from 'react';
import {
  ActionButton,
  ActionDialog,
  ActionResult,
  ConfirmationField,
  isConfirmed,
  OptionSelect,
} from '../../kit';
import { undoChoiceLabel, undoChoices } from './undoChoices';
import { useUndoRollout } from './useUndoRollout';

const TITLE_ID = 'delivery-rollout-undo-title';

/** One opening of the dialog: its own revision, typed name, key and result. */
function UndoDialogSession(props: {
  rollout: RolloutView;
  onClose: () => void;
}) {
  const { rollout, onClose } = props;
  const choices = undoChoices(rollout);
  const [revision, setRevision] = useState(
    rollout.undoTarget?.revision ?? choices[0]?.revision,
  );
  const [confirmation, setConfirmation] = useState('');
  const undo = useUndoRollout();
  const submitting = undo.pending !== undefined;
  const choice = choices.find(c => c.revision === revision);
  const confirmationName = rollout.confirmationRequired
    ? rollout.name
    : undefined;

  let content: ReactNode;
  let actions: ReactNode;
  if (undo.result) {
    content = (
      <ActionResult
        label="Undo result"
        message={undo.result.message}
        replayed={undo.result.replayed}
      />
    );
    actions = (
      <Button color="primary" variant="contained" onClick={onClose}>
        Close
      </Button>
    );
  } else {
    content = (
      <>
        <Typography variant="body2" component="p" id={`${TITLE_ID}-text`}>
          {choice ? (
            <>
              The pod template of Rollout <strong>{rollout.name}</strong> (
              {rollout.cluster} / {rollout.namespace}
              {rollout.revision !== undefined
                ? `, now at revision ${rollout.revision}`
                : ''}
              ) is replaced by the one of{' '}
              <strong>revision {choice.revision}</strong>, ReplicaSet{' '}
              <code>{choice.replicaSet}</code>
              {choice.images.length > 0 && (
                <> with {choice.images.join(', ')}</>
              )}
              . Argo Rollouts rolls it out as a new revision; the version rolled
              out now loses its traffic.
            </>
          ) : (
            'Choose the revision to return to.'
          )}
        </Typography>
        {choices.length > 1 && (
          <div style={{ marginTop: 16 }}>
            <OptionSelect
              id="delivery-rollout-undo-revision"
              label="Revision"
              ariaLabel="Revision to return to"
              value={revision ?? choices[0].revision}
              options={choices.map(c => ({
                value: c.revision,
                label: undoChoiceLabel(c),
              }))}
              onChange={value => {
                // Another revision is another intent: a new key.
                undo.reset();
                setRevision(value);
              }}
            />
          </div>
        )}
        {confirmationName !== undefined && (
          <ConfirmationField
            id="delivery-rollout-undo-confirmation"
            name={confirmationName}
            value={confirmation}
            onChange={setConfirmation}
            disabled={submitting}
          />
        )}
        {undo.error && (
          <Alert severity="error" style={{ marginTop: 8 }}>
            {undo.error}
          </Alert>
        )}
      </>
    );
    actions = (
      <>
        <Button onClick={onClose} disabled={submitting}>
          Cancel
        </Button>
        <ActionButton
          color="secondary"
          busy={submitting}
          disabled={!choice || !isConfirmed(confirmationName, confirmation)}
          onClick={() =>
            choice &&
            undo.perform({
              rollout,
              toRevision: choice.revision,
              ...(confirmationName !== undefined
                ? { confirmation: confirmation.trim() }
                : {}),
            })
          }
        >
          {choice ? `Undo to revision ${choice.revision}` : 'Undo'}
        </ActionButton>
      </>
    );
  }

  return (
    <ActionDialog
      titleId={TITLE_ID}
      title={`Undo ${rollout.name}?`}
      busy={submitting}
      onClose={onClose}
      actions={actions}
    >
      {content}
    </ActionDialog>
  );
}

/**
 * Asks before undo puts an earlier revision's pod template back on a Rollout: names the revision
 * (and offers the others the Rollout still has), asks for the name of production-like Rollouts,
 * sends once per submission and shows the backend's answer.
 */
export function UndoDialog(props: {
  rollout?: RolloutView;
  onClose: () => void;
}) {
  if (!props.rollout) return null;
  return <UndoDialogSession rollout={props.rollout} onClose={props.onClose} />;
}
