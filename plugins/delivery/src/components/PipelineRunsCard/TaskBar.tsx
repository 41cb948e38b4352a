import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { TaskRunView } from '@go-delivery/plugin-delivery-common';
import { PIPELINE_STATUS_COLORS } from './statusColors';
import { taskBarSegments } from './taskBarSegments';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    width: '100%',
    minWidth: 120,
    height: 12,
    borderRadius: 3,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.hover,
  },
  segment: {
    height: '100%',
    '& + &': { borderLeft: `1px solid ${theme.palette.background.paper}` },
  },
}));

/** A run's TaskRuns side by side, each as wide as it took and coloured by its status. */
export function TaskBar(props: { runName: string; taskRuns: TaskRunView[] }) {
  const classes = useStyles();
  const segments = taskBarSegments(props.taskRuns);
  if (segments.length === 0) return <>—</>;
  return (
    <div
      className={classes.bar}
      role="group"
      aria-label={`Task durations of ${props.runName}`}
    >
      {segments.map(segment => (
        <Tooltip key={segment.key} title={segment.description}>
          <span
            role="img"
            aria-label={segment.description}
            data-status={segment.status}
            className={classes.segment}
            style={{
              width: `${segment.widthPercent}%`,
              backgroundColor: PIPELINE_STATUS_COLORS[segment.status],
            }}
          />
        </Tooltip>
      ))}
    </div>
  );
}
