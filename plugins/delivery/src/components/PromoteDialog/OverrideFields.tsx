import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import {
  OVERRIDE_REASON_LENGTH,
  PromotionGate,
} from '@go-delivery/plugin-delivery-common';
import { blockingGates, overrideReasonProblem } from './promotionRequest';

/**
 * What the dialog says when gates are shut: with the override permission, the explicit choice
 * to promote anyway and the reason the audit log keeps; without, that only someone who holds it
 * can.
 */
export function OverrideFields(props: {
  /** The gates of the preview. */
  gates: PromotionGate[];
  canOverride: boolean;
  /** The reason, when the override is chosen. */
  reason?: string;
  onChange: (reason: string | undefined) => void;
  disabled: boolean;
}) {
  const { canOverride, reason, onChange, disabled } = props;
  const blocking = blockingGates(props.gates)
    .map(g => g.title)
    .join(', ');
  if (!canOverride) {
    return (
      // A note, not an alert: it is there from the start, nothing changed.
      <Alert severity="error" role="note" style={{ marginTop: 8 }}>
        Gates are shut: {blocking} (reasons above). Promoting despite them needs
        the permission to override gates.
      </Alert>
    );
  }
  const problem =
    reason === undefined ? undefined : overrideReasonProblem(reason);
  return (
    <Alert
      severity="warning"
      role="group"
      aria-label="Shut gates"
      style={{ marginTop: 8 }}
    >
      Gates are shut: {blocking}. You may promote anyway; the reason is recorded
      with the promotion.
      <FormControlLabel
        style={{ display: 'flex', marginTop: 4 }}
        control={
          <Checkbox
            checked={reason !== undefined}
            onChange={e => onChange(e.target.checked ? '' : undefined)}
            disabled={disabled}
            color="primary"
          />
        }
        label="Override shut gates"
      />
      {reason !== undefined && (
        <TextField
          fullWidth
          multiline
          required
          minRows={2}
          margin="dense"
          variant="outlined"
          id="delivery-promote-override-reason"
          label="Reason for the override"
          value={reason}
          onChange={e => onChange(e.target.value)}
          disabled={disabled}
          error={reason.length > 0 && problem !== undefined}
          helperText={
            problem ??
            `${reason.trim().length} of at most ${
              OVERRIDE_REASON_LENGTH.max
            } characters`
          }
          inputProps={{
            minLength: OVERRIDE_REASON_LENGTH.min,
            maxLength: OVERRIDE_REASON_LENGTH.max,
          }}
        />
      )}
    </Alert>
  );
}
