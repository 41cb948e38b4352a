import TextField from '@material-ui/core/TextField';

/**
 * A small native select with a visible label, as the cards' headers use them (native: keyboard
 * and screen readers work as the browser's own control). `onChange` gets only a listed value.
 */
export function OptionSelect<T extends string | number>(props: {
  /** The select's id, which its label points at. */
  id: string;
  label: string;
  /** A longer name for assistive technology, when the visible label needs context. */
  ariaLabel?: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
}) {
  const { id, options } = props;
  return (
    <TextField
      select
      size="small"
      variant="outlined"
      label={props.label}
      value={props.value}
      onChange={e => {
        const chosen = options.find(o => String(o.value) === e.target.value);
        if (chosen) props.onChange(chosen.value);
      }}
      SelectProps={{ native: true }}
      inputProps={{
        id,
        ...(props.ariaLabel ? { 'aria-label': props.ariaLabel } : {}),
      }}
      InputLabelProps={{ htmlFor: id }}
    >
      {options.map(option => (
        <option key={String(option.value)} value={option.value}>
          {option.label}
        </option>
      ))}
    </TextField>
  );
}
