import { OptionSelect } from '../../kit';
import { DORA_PERIODS, DoraPeriodDays } from './doraFormat';

const OPTIONS = DORA_PERIODS.map(days => ({
  value: days,
  label: `Last ${days} days`,
}));

/** The period of the figures: the last 30, 90 or 180 days. */
export function DoraPeriodSelect(props: {
  value: DoraPeriodDays;
  onChange: (value: DoraPeriodDays) => void;
  /** The select's id, for its label. */
  id: string;
}) {
  return (
    <OptionSelect
      id={props.id}
      label="Period"
      ariaLabel="Period of the DORA figures"
      value={props.value}
      options={OPTIONS}
      onChange={props.onChange}
    />
  );
}
