import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { PromotionStepView } from '@go-delivery/plugin-delivery-common';
import { promoteBlocker, PromotePermissions } from './promoteBlocker';

/**
 * "Promote to <env>", named with the service for screen readers; when disabled, why, in words
 * beside it (a tooltip of a disabled button is out of reach of keyboards).
 */
export function PromoteButton(props: {
  step: PromotionStepView;
  /** The service's name, for the button's accessible name. */
  serviceName: string;
  permissions: PromotePermissions;
  onPromote: (step: PromotionStepView) => void;
}) {
  const { step, serviceName, permissions, onPromote } = props;
  const to = step.to.environment;
  const blocker = promoteBlocker(step, permissions);
  const reasonId = `delivery-promote-${to}-reason`;
  let note = blocker;
  if (!blocker && !step.open) {
    note = 'Gates are shut: you may override them, with a reason';
  }
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Button
        size="small"
        variant="outlined"
        color="primary"
        aria-label={`Promote ${serviceName} to ${to}`}
        aria-describedby={note ? reasonId : undefined}
        disabled={blocker !== undefined}
        onClick={() => onPromote(step)}
      >
        Promote to {to}
      </Button>
      {note && (
        <Typography
          id={reasonId}
          variant="caption"
          color="textSecondary"
          component="span"
        >
          {note}
        </Typography>
      )}
    </Box>
  );
}
