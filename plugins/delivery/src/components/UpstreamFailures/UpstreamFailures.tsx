import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { UpstreamFailure } from '@go-delivery/plugin-delivery-common';

/** Lists the upstream instances that could not answer, each with its reason. */
export function UpstreamFailures(props: { failures: UpstreamFailure[] }) {
  const { failures } = props;
  if (failures.length === 0) return null;
  const title =
    failures.length === 1
      ? `${failures[0].instance} could not be read`
      : `${failures.length} instances could not be read`;
  return (
    <WarningPanel severity="warning" title={title} defaultExpanded>
      {failures.map((failure, index) => (
        <Typography
          key={`${failure.kind}:${failure.instance}:${index}`}
          variant="body2"
        >
          {failure.message}
        </Typography>
      ))}
    </WarningPanel>
  );
}
