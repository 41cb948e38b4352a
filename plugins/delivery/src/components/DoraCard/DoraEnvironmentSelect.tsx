import TextField from '@material-ui/core/TextField';

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
    <TextField
      select
      size="small"
      variant="outlined"
      label="Environment"
      value={value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ native: true }}
      inputProps={{
        id: 'delivery-dora-environment',
        'aria-label': 'Environment of the DORA figures',
      }}
      InputLabelProps={{ htmlFor: 'delivery-dora-environment' }}
    >
      {options.map(env => (
        <option key={env} value={env}>
          {env}
        </option>
      ))}
    </TextField>
  );
}
