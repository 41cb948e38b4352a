import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ClaimConflict } from '@go-delivery/plugin-delivery-common';

/**
 * Objects another entity claims too. The backend refuses every action on them until only one
 * entity selects them, so the card says why before anyone clicks.
 */
export function ClaimConflicts(props: { conflicts?: ClaimConflict[] }) {
  const conflicts = props.conflicts ?? [];
  if (conflicts.length === 0) return null;
  return (
    <WarningPanel
      severity="warning"
      title="Shared with another entity: actions on these objects are refused"
      defaultExpanded
    >
      {conflicts.map(conflict => (
        <Typography
          key={`${conflict.kind}:${conflict.entities.join(',')}`}
          variant="body2"
        >
          {conflict.message}
        </Typography>
      ))}
    </WarningPanel>
  );
}
