import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  PipelineRunView,
  PipelineStepView,
  TaskRunView,
} from '@go-delivery/plugin-delivery-common';
import { formatDuration } from '../../utils/formatRelativeTime';
import { PipelineRunStatus } from '../StatusIndicators';
import { UpstreamFailures } from '../UpstreamFailures';
import { StepLogTarget } from './StepLogDialog';
import { taskLabel } from './taskBarSegments';

const useStyles = makeStyles(theme => ({
  root: { padding: theme.spacing(1, 0, 2, 6) },
  task: { marginTop: theme.spacing(1.5) },
  taskHeader: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
  },
  muted: { color: theme.palette.text.secondary },
  stepName: { fontFamily: 'monospace' },
}));

function duration(ms?: number): string {
  return ms === undefined ? '—' : formatDuration(ms);
}

/** A step's container has started (or ended), so the pod has a log for it. */
function stepHasLog(taskRun: TaskRunView, step: PipelineStepView): boolean {
  return (
    taskRun.hasLogs && step.status !== 'pending' && step.status !== 'skipped'
  );
}

function TaskRunSteps(props: {
  run: PipelineRunView;
  taskRun: TaskRunView;
  onShowLog: (target: StepLogTarget) => void;
}) {
  const { run, taskRun, onShowLog } = props;
  const classes = useStyles();
  const label = taskLabel(taskRun);
  return (
    <div className={classes.task}>
      <div className={classes.taskHeader}>
        <Typography variant="subtitle2" component="h4">
          {label}
        </Typography>
        <PipelineRunStatus status={taskRun.status} />
        <Typography variant="body2" className={classes.muted}>
          {duration(taskRun.durationMs)}
        </Typography>
      </div>
      {taskRun.message && taskRun.status !== 'succeeded' && (
        <Typography variant="caption" className={classes.muted} component="p">
          {taskRun.message}
        </Typography>
      )}
      {taskRun.steps.length > 0 && (
        <Table size="small" aria-label={`Steps of ${label}`}>
          <TableHead>
            <TableRow>
              <TableCell>Step</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Duration</TableCell>
              <TableCell>Log</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {taskRun.steps.map(step => (
              <TableRow key={step.name}>
                <TableCell className={classes.stepName}>{step.name}</TableCell>
                <TableCell>
                  <PipelineRunStatus status={step.status} />
                  {step.exitCode !== undefined && step.exitCode !== 0 && (
                    <Typography variant="caption" className={classes.muted}>
                      {' '}
                      exit code {step.exitCode}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{duration(step.durationMs)}</TableCell>
                <TableCell>
                  <Button
                    size="small"
                    variant="outlined"
                    disabled={!stepHasLog(taskRun, step)}
                    aria-label={`Log of step ${step.name} in ${label}`}
                    onClick={() =>
                      onShowLog({
                        title: `${label} / ${step.name}`,
                        step: {
                          cluster: run.cluster,
                          namespace: run.namespace,
                          name: run.name,
                          taskRun: taskRun.name,
                          step: step.name,
                        },
                      })
                    }
                  >
                    Log
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

/** The expanded part of a run: its message, task runs with their steps, and skipped tasks. */
export function RunDetails(props: {
  run: PipelineRunView;
  onShowLog: (target: StepLogTarget) => void;
}) {
  const { run, onShowLog } = props;
  const classes = useStyles();
  return (
    <section className={classes.root} aria-label={`Tasks of ${run.name}`}>
      {run.message && (
        <Typography variant="body2" className={classes.muted}>
          {run.message}
        </Typography>
      )}
      {run.taskRunsFailure && (
        <UpstreamFailures failures={[run.taskRunsFailure]} />
      )}
      {run.taskRuns.length === 0 && !run.taskRunsFailure && (
        <Typography variant="body2" className={classes.muted}>
          No task has started yet.
        </Typography>
      )}
      {run.taskRuns.map(taskRun => (
        <TaskRunSteps
          key={taskRun.name}
          run={run}
          taskRun={taskRun}
          onShowLog={onShowLog}
        />
      ))}
      {run.skippedTasks.length > 0 && (
        <Typography variant="body2" className={classes.task}>
          Skipped:{' '}
          {run.skippedTasks
            .map(t => (t.reason ? `${t.name} (${t.reason})` : t.name))
            .join(', ')}
        </Typography>
      )}
    </section>
  );
}
