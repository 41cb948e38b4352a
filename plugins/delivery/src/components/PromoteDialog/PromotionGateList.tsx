import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import HelpIcon from '@material-ui/icons/Help';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import {
  PromotionGate,
  PromotionGateState,
} from '@go-delivery/plugin-delivery-common';
import { readableStatusColors } from '../../utils/readableColors';

const STATE_TEXT: Record<PromotionGateState, string> = {
  open: 'open',
  shut: 'shut',
  unknown: 'not known',
  skipped: 'skipped',
};

const ICONS: Record<PromotionGateState, typeof CheckCircleIcon> = {
  open: CheckCircleIcon,
  shut: BlockIcon,
  unknown: HelpIcon,
  skipped: RemoveCircleOutlineIcon,
};

const useStyles = makeStyles((theme: Theme) => {
  const colors = readableStatusColors(theme);
  return {
    list: { listStyle: 'none', padding: 0, margin: theme.spacing(1, 0) },
    gate: {
      display: 'flex',
      alignItems: 'flex-start',
      gap: theme.spacing(1),
      marginBottom: theme.spacing(0.5),
    },
    icon: { fontSize: 18, marginTop: 2 },
    open: { color: colors.goodText },
    shut: { color: colors.badText },
    unknown: { color: theme.palette.warning.dark },
    skipped: { color: theme.palette.text.secondary },
  };
});

/**
 * The gates of a promotion, each with its state in words (the icon's colour only repeats it)
 * and the reason for it.
 */
export function PromotionGateList(props: {
  gates: PromotionGate[];
  /** The list's name, e.g. `Gates of staging to prod`. */
  label: string;
}) {
  const classes = useStyles();
  if (props.gates.length === 0) return null;
  return (
    <ul className={classes.list} aria-label={props.label}>
      {props.gates.map(gate => {
        const Icon = ICONS[gate.state];
        return (
          <li key={gate.id} className={classes.gate}>
            <Icon
              aria-hidden
              className={`${classes.icon} ${classes[gate.state]}`}
            />
            <Typography variant="body2" component="span">
              <strong>{gate.title}</strong>: {STATE_TEXT[gate.state]} —{' '}
              {gate.reason}
            </Typography>
          </li>
        );
      })}
    </ul>
  );
}
