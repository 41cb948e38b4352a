import TextField from '@material-ui/core/TextField';
import {
  isMetricsRange,
  METRICS_RANGES,
  MetricsRangeOption,
} from './metricsRanges';

/** The time range of the charts, limited to ranges the backend accepts. */
export function RangeSelect(props: {
  value: MetricsRangeOption;
  onChange: (value: MetricsRangeOption) => void;
}) {
  return (
    <TextField
      select
      size="small"
      variant="outlined"
      label="Time range"
      value={props.value}
      onChange={e => {
        if (isMetricsRange(e.target.value)) props.onChange(e.target.value);
      }}
      SelectProps={{ native: true }}
      inputProps={{ id: 'delivery-metrics-range' }}
      InputLabelProps={{ htmlFor: 'delivery-metrics-range' }}
    >
      {METRICS_RANGES.map(range => (
        <option key={range.value} value={range.value}>
          {range.label}
        </option>
      ))}
    </TextField>
  );
}
