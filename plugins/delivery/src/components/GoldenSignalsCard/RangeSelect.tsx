import { OptionSelect } from '../../kit';
import { METRICS_RANGES, MetricsRangeOption } from './metricsRanges';

/** The time range of the charts, limited to ranges the backend accepts. */
export function RangeSelect(props: {
  value: MetricsRangeOption;
  onChange: (value: MetricsRangeOption) => void;
}) {
  return (
    <OptionSelect
      id="delivery-metrics-range"
      label="Time range"
      value={props.value}
      options={METRICS_RANGES}
      onChange={props.onChange}
    />
  );
}
