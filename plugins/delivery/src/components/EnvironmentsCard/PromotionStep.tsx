import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import { PromotionStepView } from '@go-delivery/plugin-delivery-common';
import { PromotionGateList } from '../PromoteDialog';
import { PromoteButton } from './PromoteButton';
import { PromotePermissions } from './promoteBlocker';

const useStyles = makeStyles(theme => ({
  step: {
    borderLeft: `3px solid ${theme.palette.divider}`,
    margin: theme.spacing(1, 0, 1, 1),
    padding: theme.spacing(0.5, 0, 0.5, 2),
  },
  heading: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
}));

/** What promoting `from` into `to` would move: the tags, when both are known. */
function imageChange(step: PromotionStepView): string | undefined {
  const from = step.image?.from?.tag;
  const to = step.image?.to?.tag;
  if (!from || !to) return undefined;
  return from === to ? `both run ${from}` : `${from} replaces ${to}`;
}

/** The step between two environments: its gates and the button that promotes. */
export function PromotionStep(props: {
  step: PromotionStepView;
  serviceName: string;
  permissions: PromotePermissions;
  onPromote: (step: PromotionStepView) => void;
}) {
  const { step } = props;
  const classes = useStyles();
  const name = `${step.from.environment} to ${step.to.environment}`;
  const change = imageChange(step);
  return (
    <section className={classes.step} aria-label={`Promotion ${name}`}>
      <Typography
        variant="subtitle2"
        component="h3"
        className={classes.heading}
      >
        <ArrowDownwardIcon fontSize="small" aria-hidden />
        Promotion {step.from.environment} → {step.to.environment}
        {change && (
          <Typography variant="caption" color="textSecondary" component="span">
            ({change})
          </Typography>
        )}
      </Typography>
      <PromotionGateList gates={step.gates} label={`Gates of ${name}`} />
      <PromoteButton
        step={step}
        serviceName={props.serviceName}
        permissions={props.permissions}
        onPromote={props.onPromote}
      />
    </section>
  );
}
