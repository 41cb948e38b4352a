import Chip from '@material-ui/core/Chip';
import blue from '@material-ui/core/colors/blue';
import green from '@material-ui/core/colors/green';
import amber from '@material-ui/core/colors/amber';
import grey from '@material-ui/core/colors/grey';
import red from '@material-ui/core/colors/red';
import { makeStyles } from '@material-ui/core/styles';
import { DoraLevel } from '@go-delivery/plugin-delivery-common';
import { levelLabel } from './doraFormat';

/*
 * Fill and text are chosen as pairs with at least 4.5:1 contrast (WCAG AA), so they hold on the
 * light theme and the dark one alike: white on green 800 (5.1), blue 800 (5.8), red 800 (5.6)
 * and grey 700 (6.2); near-black on amber 300 (13). The level is always written out too, so
 * the colour is never the only sign.
 */
const useStyles = makeStyles({
  elite: { backgroundColor: green[800], color: '#fff' },
  high: { backgroundColor: blue[800], color: '#fff' },
  medium: { backgroundColor: amber[300], color: '#212121' },
  low: { backgroundColor: red[800], color: '#fff' },
  none: { backgroundColor: grey[700], color: '#fff' },
});

/** A figure's DORA level as a small chip: Elite, High, Medium, Low or No data. */
export function DoraLevelChip(props: { level: DoraLevel | null }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={levelLabel(props.level)}
      className={props.level ? classes[props.level] : classes.none}
    />
  );
}
