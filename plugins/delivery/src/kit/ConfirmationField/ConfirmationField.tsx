import TextField from '@material-ui/core/TextField';

/** Whether `typed` confirms `name`; nothing to type when no name is asked for. */
export function isConfirmed(name: string | undefined, typed: string): boolean {
  return name === undefined || typed.trim() === name;
}

/**
 * The typed confirmation production-like targets ask for: the action stays disabled until the
 * name is typed, so a stray click cannot act on production.
 */
export function ConfirmationField(props: {
  id: string;
  /** What to type, e.g. the application's name. */
  name: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
}) {
  return (
    <TextField
      fullWidth
      margin="dense"
      variant="outlined"
      size="small"
      autoComplete="off"
      id={props.id}
      label={`Type ${props.name} to confirm`}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      disabled={props.disabled}
      helperText="This target looks like production: type its name to go on."
    />
  );
}
