import { WarningPanel } from '@backstage/core-components';
import { errorMessage } from '../../utils/errorMessage';

/**
 * A failed request to the Delivery backend. The backend's own message (e.g. which annotation is
 * malformed) is the title, since that is what the reader needs to act on.
 */
export function RequestErrorPanel(props: { error: Error; title?: string }) {
  const message = errorMessage(props.error);
  return (
    <WarningPanel
      severity="error"
      title={props.title ? `${props.title}: ${message}` : message}
    />
  );
}
