import { OptionSelect } from '../../kit';

/** The environment of the figures, among those the store has events for. */
export function DoraEnvironmentSelect(props: {
  value: string;
  environments: string[];
  onChange: (value: string) => void;
}) {
  const { value, environments } = props;
  // The backend's pick is listed even if the list (promotion order) lacks it.
  const options = environments.includes(value)
    ? environments
    : [value, ...environments];
  return (
    <OptionSelect
      id="delivery-dora-environment"
      label="Environment"
      ariaLabel="Environment of the DORA figures"
      value={value}
      options={options.map(env => ({ value: env, label: env }))}
      onChange={props.onChange}
    />
  );
}
