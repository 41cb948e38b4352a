import { EmptyState, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  DeployMarkerView,
  MetricsView,
} from '@go-delivery/plugin-delivery-common';
import { ReactNode, useState } from 'react';
import { RequestErrorPanel } from '../RequestErrorPanel';
import { UpstreamFailures } from '../UpstreamFailures';
import { DeployVerdicts } from './DeployVerdicts';
import { GoldenSignalCharts } from './GoldenSignalCharts';
import { DEFAULT_METRICS_RANGE, MetricsRangeOption } from './metricsRanges';
import { RangeSelect } from './RangeSelect';
import { uniqueFailures } from './signalChartData';
import { useMetrics } from './useMetrics';

/** @public */
export interface GoldenSignalsPanelProps {
  /** The range shown first (the backend's default, 3 hours, when not set). */
  defaultRange?: MetricsRangeOption;
  /** Extra content per deploy in the verdict list, e.g. a rollback button. */
  renderDeployAction?: (deploy: DeployMarkerView) => ReactNode;
  /** The GitOps repository the deployed revisions are in, to link them. */
  repoURL?: string;
}

function MetricsBody(props: {
  view: MetricsView;
  renderDeployAction?: (deploy: DeployMarkerView) => ReactNode;
  repoURL?: string;
}) {
  const { view } = props;
  const failures = uniqueFailures([
    ...view.signals.map(s => s.failure),
    ...view.ruleQueries.map(q => q.failure),
    ...view.deployFailures,
  ]);
  return (
    <>
      <UpstreamFailures failures={failures} />
      <Typography variant="caption" color="textSecondary" component="p">
        Prometheus {view.instance}, service {view.service}
        {view.canarySplit ? ' — canary and stable traffic shown apart' : ''}
      </Typography>
      <GoldenSignalCharts view={view} />
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 16 }}>
        Deploys and their verdicts
      </Typography>
      <DeployVerdicts
        deploys={view.deploys}
        repoURL={props.repoURL}
        renderDeployAction={props.renderDeployAction}
      />
    </>
  );
}

/**
 * The golden signals with their range selector and refresh, without a card around them: for the
 * golden signals card, and for other cards (rollout health) that embed the charts.
 *
 * @public
 */
export function GoldenSignalsPanel(props: GoldenSignalsPanelProps) {
  const [range, setRange] = useState<MetricsRangeOption>(
    props.defaultRange ?? DEFAULT_METRICS_RANGE,
  );
  const { value, loading, error, retry } = useMetrics(range);
  let body: ReactNode;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = <RequestErrorPanel error={error} />;
  } else if (value && !value.configured) {
    body = (
      <EmptyState
        missing="info"
        title="Metrics are not set up"
        description={value.message}
      />
    );
  } else if (value) {
    body = (
      <MetricsBody
        view={value}
        renderDeployAction={props.renderDeployAction}
        repoURL={props.repoURL}
      />
    );
  }
  return (
    <section aria-label="Golden signals">
      <Box
        display="flex"
        alignItems="center"
        justifyContent="flex-end"
        style={{ gap: 8, marginBottom: 8 }}
      >
        <RangeSelect value={range} onChange={setRange} />
        <IconButton aria-label="Refresh golden signals" onClick={retry}>
          <RefreshIcon />
        </IconButton>
      </Box>
      {body}
    </section>
  );
}
