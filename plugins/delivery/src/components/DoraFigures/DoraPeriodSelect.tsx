import TextField from '@material-ui/core/TextField';
import { DORA_PERIODS, DoraPeriodDays } from './doraFormat';

function isPeriod(value: number): value is DoraPeriodDays {
  return (DORA_PERIODS as readonly number[]).includes(value);
}

/** The period of the figures: the last 30, 90 or 180 days. */
export function DoraPeriodSelect(props: {
  value: DoraPeriodDays;
  onChange: (value: DoraPeriodDays) => void;
  /** The select's id, for its label. */
  id: string;
}) {
  const { id } = props;
  return (
    <TextField
      select
      size="small"
      variant="outlined"
      label="Period"
      value={props.value}
      onChange={e => {
        const days = Number(e.target.value);
        if (isPeriod(days)) props.onChange(days);
      }}
      SelectProps={{ native: true }}
      inputProps={{ id, 'aria-label': 'Period of the DORA figures' }}
      InputLabelProps={{ htmlFor: id }}
    >
      {DORA_PERIODS.map(days => (
        <option key={days} value={days}>
          Last {days} days
        </option>
      ))}
    </TextField>
  );
}
