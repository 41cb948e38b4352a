import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckIcon from '@material-ui/icons/Check';
import { RolloutView } from '@go-delivery/plugin-delivery-common';
import { Detail, Fact } from '../Facts';
import { RelativeTime } from '../RelativeTime';
import { canaryStepText, weightsText } from './canaryFigures';

const useStyles = makeStyles(theme => ({
  steps: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    listStyle: 'none',
    padding: 0,
    margin: theme.spacing(1, 0, 0),
  },
  step: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0.25, 1),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.divider}`,
    fontSize: theme.typography.caption.fontSize,
  },
  done: { color: theme.palette.text.secondary },
  current: {
    borderColor: theme.palette.primary.main,
    color: theme.palette.primary.main,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  // Not the disabled grey, which is too faint to read: a dashed border tells it from done.
  pending: { color: theme.palette.text.secondary, borderStyle: 'dashed' },
  weightBar: {
    display: 'flex',
    height: 8,
    borderRadius: 4,
    overflow: 'hidden',
    maxWidth: 320,
    marginTop: theme.spacing(0.5),
    backgroundColor: theme.palette.success.main,
  },
  canaryShare: { backgroundColor: theme.palette.warning.main },
}));

/** The canary's steps (done, current, to come) and how far along it is. */
export function CanaryProgress(props: { rollout: RolloutView }) {
  const { rollout } = props;
  const classes = useStyles();
  const { text, percentDone } = canaryStepText(rollout);
  return (
    <Fact label="Progress">
      {text}
      {percentDone !== undefined && (
        <Box maxWidth={320} marginTop={0.5}>
          <LinearProgress
            variant="determinate"
            value={percentDone}
            aria-label={`Canary progress of ${rollout.name}`}
          />
        </Box>
      )}
      {rollout.steps.length > 0 && (
        <ol className={classes.steps} aria-label={`Steps of ${rollout.name}`}>
          {rollout.steps.map(step => (
            <li
              key={step.index}
              className={`${classes.step} ${classes[step.state]}`}
              aria-current={step.state === 'current' ? 'step' : undefined}
            >
              {step.state === 'done' && (
                <CheckIcon fontSize="inherit" aria-label="done" />
              )}
              {step.index + 1}. {step.description}
            </li>
          ))}
        </ol>
      )}
    </Fact>
  );
}

/** How the traffic is split between the canary and the stable ReplicaSet. */
export function CanaryWeights(props: { rollout: RolloutView }) {
  const { rollout } = props;
  const classes = useStyles();
  const text = weightsText(rollout);
  if (!text || !rollout.weights) return null;
  return (
    <Fact label="Traffic">
      {text}
      <div className={classes.weightBar} aria-hidden>
        <div
          className={classes.canaryShare}
          style={{ width: `${rollout.weights.canary}%` }}
        />
      </div>
      <Detail>
        {rollout.weights.source === 'traffic-router'
          ? 'as the traffic router reports it'
          : 'the weight of the last step reached'}
      </Detail>
    </Fact>
  );
}

/** Why the Rollout is paused, one line per pause condition. */
export function PauseConditions(props: { rollout: RolloutView }) {
  const { rollout } = props;
  if (rollout.pauseConditions.length === 0 && !rollout.paused) return null;
  return (
    <Fact label="Paused">
      {rollout.pauseConditions.length === 0 ? (
        <Typography variant="body2" component="span">
          yes (no reason given: paused in its spec)
        </Typography>
      ) : (
        rollout.pauseConditions.map((c, i) => (
          <Detail key={`${c.reason}-${i}`}>
            <PauseReason reason={c.reason} startedAt={c.startedAt} />
          </Detail>
        ))
      )}
    </Fact>
  );
}

const PAUSE_REASONS: Record<string, string> = {
  CanaryPauseStep: 'at a pause step, until promoted or the pause ends',
  BlueGreenPause: 'before switching to the preview, until promoted',
  InconclusiveAnalysisRun: 'an analysis was inconclusive; promote or abort',
  InconclusiveExperiment: 'an experiment was inconclusive; promote or abort',
};

function PauseReason(props: { reason: string; startedAt?: string }) {
  const why = PAUSE_REASONS[props.reason];
  return (
    <>
      {props.reason}
      {why ? ` — ${why}` : ''}
      {props.startedAt && (
        <>
          {' '}
          (since <RelativeTime value={props.startedAt} />)
        </>
      )}
    </>
  );
}
