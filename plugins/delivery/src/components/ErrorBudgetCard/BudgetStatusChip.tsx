import Chip from '@material-ui/core/Chip';
import amber from '@material-ui/core/colors/amber';
import green from '@material-ui/core/colors/green';
import grey from '@material-ui/core/colors/grey';
import red from '@material-ui/core/colors/red';
import { makeStyles } from '@material-ui/core/styles';
import { ErrorBudgetStatus } from '@go-delivery/plugin-delivery-common';
import { STATUS_LABELS } from './errorBudgetFormat';

/*
 * The pairs of the DORA level chips (at least 4.5:1 contrast on both themes); the status is
 * always written out, so the colour is never the only sign.
 */
const useStyles = makeStyles({
  healthy: { backgroundColor: green[800], color: '#fff' },
  burning: { backgroundColor: amber[300], color: '#212121' },
  exhausted: { backgroundColor: red[800], color: '#fff' },
  'no-data': { backgroundColor: grey[700], color: '#fff' },
});

/** An objective's budget status as a small chip: Healthy, Burning, Exhausted or No data. */
export function BudgetStatusChip(props: { status: ErrorBudgetStatus }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={STATUS_LABELS[props.status]}
      className={classes[props.status]}
    />
  );
}
