import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { PipelineRunView } from '@go-delivery/plugin-delivery-common';
import { PipelineRunRow } from './PipelineRunRow';
import { clusterObjectKey } from '../../utils/clusterObject';
import { RunActionsState } from './RunActions';
import { StepLogTarget } from './StepLogDialog';
import { RunActionInput } from './useRunActions';

/** The runs newest first; the actions column only when the user may act on some run. */
export function PipelineRunsTable(props: {
  runs: PipelineRunView[];
  canRerun: boolean;
  canCancel: boolean;
  /** The action under way on the card, if any. */
  pending?: RunActionInput;
  onRerun: (run: PipelineRunView) => void;
  onCancel: (run: PipelineRunView) => void;
  onShowLog: (target: StepLogTarget) => void;
}) {
  const { runs, canRerun, canCancel, pending } = props;
  const withActions =
    canRerun || (canCancel && runs.some(run => run.cancellable));
  const actionsOf = (run: PipelineRunView): RunActionsState | undefined =>
    withActions
      ? {
          canRerun,
          canCancel,
          busy: pending !== undefined,
          pending:
            pending && clusterObjectKey(pending.run) === clusterObjectKey(run)
              ? pending.action
              : undefined,
        }
      : undefined;
  return (
    <TableContainer>
      <Table size="small" aria-label="Pipeline runs">
        <TableHead style={{ whiteSpace: 'nowrap' }}>
          <TableRow>
            <TableCell padding="checkbox" />
            <TableCell>Status</TableCell>
            <TableCell>Pipeline</TableCell>
            <TableCell>Commit</TableCell>
            <TableCell>Branch</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Duration</TableCell>
            <TableCell>Supply chain</TableCell>
            <TableCell>Tasks</TableCell>
            {withActions && <TableCell>Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {runs.map(run => (
            <PipelineRunRow
              key={clusterObjectKey(run)}
              run={run}
              actions={actionsOf(run)}
              onRerun={props.onRerun}
              onCancel={props.onCancel}
              onShowLog={props.onShowLog}
            />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
