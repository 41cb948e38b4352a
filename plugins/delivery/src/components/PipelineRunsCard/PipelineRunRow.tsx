import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { PipelineRunView } from '@go-delivery/plugin-delivery-common';
import { useState } from 'react';
import { formatDuration } from '../../utils/formatRelativeTime';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';
import { PipelineRunStatus, pipelineStatusLabel } from '../StatusIndicators';
import { RunActions, RunActionsState } from './RunActions';
import { RunDetails } from './RunDetails';
import { StepLogTarget } from './StepLogDialog';
import { SupplyChainBadges } from './SupplyChainBadges';
import { TaskBar } from './TaskBar';

const useStyles = makeStyles(theme => ({
  // The details row below carries the border; the run's own cells stay on one line.
  row: { '& > td': { borderBottom: 'unset', whiteSpace: 'nowrap' } },
  detailsCell: { paddingTop: 0, paddingBottom: 0 },
  muted: { display: 'block', color: theme.palette.text.secondary },
  nowrap: { whiteSpace: 'nowrap' },
  taskCell: { minWidth: 120, width: '20%' },
  supplyChainCell: { minWidth: 140 },
  // Beats the row's nowrap: long pipeline and branch names may wrap, at their hyphens and
  // slashes only (not the theme's break-word), so no column shrinks below a word and the task
  // bar keeps its room.
  wrap: { '&&': { whiteSpace: 'normal', wordBreak: 'normal' } },
}));

/** A branch name that may wrap after each `/` (`rhtap/references/main`). */
function BranchName(props: { branch: string }) {
  const parts = props.branch.split('/');
  return (
    <>
      {parts.map((part, i) => (
        // eslint-disable-next-line react/no-array-index-key
        <span key={i}>
          {part}
          {i < parts.length - 1 && (
            <>
              /<wbr />
            </>
          )}
        </span>
      ))}
    </>
  );
}

/** Columns of the runs table, for the details row to span them. */
export function runColumnCount(withActions: boolean): number {
  return withActions ? 10 : 9;
}

/** One run, and its tasks and steps below it when expanded. */
export function PipelineRunRow(props: {
  run: PipelineRunView;
  actions?: RunActionsState;
  onRerun: (run: PipelineRunView) => void;
  onCancel: (run: PipelineRunView) => void;
  onShowLog: (target: StepLogTarget) => void;
}) {
  const { run, actions, onRerun, onCancel, onShowLog } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const detailsId = `delivery-run-${run.cluster}-${run.namespace}-${run.name}`;
  const showReason =
    run.reason &&
    run.reason.toLowerCase() !== pipelineStatusLabel(run.status).toLowerCase();
  return (
    <>
      <TableRow className={classes.row} aria-label={`Pipeline run ${run.name}`}>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={`${open ? 'Hide' : 'Show'} tasks of ${run.name}`}
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen(!open)}
          >
            {open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
          </IconButton>
        </TableCell>
        <TableCell className={classes.nowrap}>
          <PipelineRunStatus status={run.status} />
          {showReason && (
            <Typography variant="caption" className={classes.muted}>
              {run.reason}
            </Typography>
          )}
        </TableCell>
        <TableCell className={classes.wrap}>
          <Typography variant="body2">
            {run.pipelineName ?? run.name}
          </Typography>
          {/* The run's own name, unless the pipeline is named after it (Pipelines as Code). */}
          <Typography variant="caption" className={classes.muted}>
            {run.pipelineName && run.pipelineName !== run.name
              ? run.name
              : run.cluster}
          </Typography>
        </TableCell>
        <TableCell>
          <RevisionLink revision={run.commit} repoURL={run.repositoryUrl} />
        </TableCell>
        <TableCell className={classes.wrap}>
          {run.branch ? <BranchName branch={run.branch} /> : '—'}
          {run.eventType && (
            <Typography variant="caption" className={classes.muted}>
              {run.eventType}
            </Typography>
          )}
        </TableCell>
        <TableCell className={classes.nowrap}>
          <RelativeTime value={run.startedAt ?? run.createdAt} />
        </TableCell>
        <TableCell className={classes.nowrap}>
          {run.durationMs !== undefined ? formatDuration(run.durationMs) : '—'}
        </TableCell>
        <TableCell className={`${classes.supplyChainCell} ${classes.wrap}`}>
          <SupplyChainBadges run={run} />
        </TableCell>
        <TableCell className={classes.taskCell}>
          <TaskBar runName={run.name} taskRuns={run.taskRuns} />
        </TableCell>
        {actions && (
          <TableCell padding="none" className={classes.nowrap}>
            <RunActions
              run={run}
              state={actions}
              onRerun={onRerun}
              onCancel={onCancel}
            />
          </TableCell>
        )}
      </TableRow>
      <TableRow>
        <TableCell
          className={classes.detailsCell}
          colSpan={runColumnCount(Boolean(actions))}
          id={detailsId}
        >
          <Collapse in={open} timeout="auto" unmountOnExit>
            <RunDetails run={run} onShowLog={onShowLog} />
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}
