import { WarningPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';

/**
 * A failed request to the Delivery backend. The backend's own message (e.g. which annotation is
 * malformed) is the title, since that is what the reader needs to act on.
 */
export function RequestErrorPanel(props: { error: Error; title?: string }) {
  const { error } = props;
  const message =
    error instanceof ResponseError || error.name === 'ResponseError'
      ? (error as ResponseError).body?.error?.message ?? error.message
      : error.message;
  return (
    <WarningPanel
      severity="error"
      title={props.title ? `${props.title}: ${message}` : message}
    />
  );
}
