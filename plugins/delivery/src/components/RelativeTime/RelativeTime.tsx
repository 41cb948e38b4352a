import Tooltip from '@material-ui/core/Tooltip';
import { formatRelativeTime } from '../../utils/formatRelativeTime';

/** A relative time ("2 hours ago") with the exact timestamp on hover. */
export function RelativeTime(props: { value?: string }) {
  if (!props.value) return <>—</>;
  return (
    <Tooltip title={new Date(props.value).toLocaleString()}>
      <time dateTime={props.value}>{formatRelativeTime(props.value)}</time>
    </Tooltip>
  );
}
