import { EmptyState } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  DeployMarkerView,
  MetricsView,
} from '@go-delivery/plugin-delivery-common';
import { ReactNode, useState } from 'react';
import { DataView } from '../../kit';
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
  return (
    <>
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

/** Each instance that failed once, whether it failed for a signal, a rule or the deploys. */
function metricsFailures(view: MetricsView) {
  return uniqueFailures([
    ...view.signals.map(s => s.failure),
    ...view.ruleQueries.map(q => q.failure),
    ...view.deployFailures,
  ]);
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
  const metrics = useMetrics(range);
  return (
    <section aria-label="Golden signals">
      <Box
        display="flex"
        alignItems="center"
        justifyContent="flex-end"
        style={{ gap: 8, marginBottom: 8 }}
      >
        <RangeSelect value={range} onChange={setRange} />
        <IconButton aria-label="Refresh golden signals" onClick={metrics.retry}>
          <RefreshIcon />
        </IconButton>
      </Box>
      <DataView
        data={metrics}
        // Only a configured view has signals, and so failures.
        failures={view => (view.configured ? metricsFailures(view) : [])}
        empty={view =>
          !view.configured && (
            <EmptyState
              missing="info"
              title="Metrics are not set up"
              description={view.message}
            />
          )
        }
      >
        {view =>
          view.configured && (
            <MetricsBody
              view={view}
              renderDeployAction={props.renderDeployAction}
              repoURL={props.repoURL}
            />
          )
        }
      </DataView>
    </section>
  );
}
