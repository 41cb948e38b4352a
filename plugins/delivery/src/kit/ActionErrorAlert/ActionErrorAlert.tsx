import Alert from '@material-ui/lab/Alert';

/** Why an action failed, kept above the card's body until the reader closes it. */
export function ActionErrorAlert(props: {
  error?: string;
  onClose: () => void;
}) {
  if (!props.error) return null;
  return (
    <Alert severity="error" onClose={props.onClose} style={{ marginBottom: 8 }}>
      {props.error}
    </Alert>
  );
}
