import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  AnalysisMetricView,
  AnalysisRunView,
} from '@go-delivery/plugin-delivery-common';
import { RelativeTime } from '../RelativeTime';
import { AnalysisPhaseStatus } from '../StatusIndicators';

function countsText(metric: AnalysisMetricView): string {
  const parts = [`${metric.successful} successful`];
  if (metric.failed) parts.push(`${metric.failed} failed`);
  if (metric.inconclusive) parts.push(`${metric.inconclusive} inconclusive`);
  if (metric.error) parts.push(`${metric.error} errors`);
  return `${parts.join(', ')} of ${metric.count}`;
}

function LastMeasurements(props: { metric: AnalysisMetricView }) {
  const { lastMeasurements } = props.metric;
  if (lastMeasurements.length === 0) return <>—</>;
  return (
    <>
      {lastMeasurements.map((m, i) => (
        <Tooltip
          key={`${m.startedAt ?? ''}-${i}`}
          title={[m.phase, m.message, m.finishedAt ?? m.startedAt]
            .filter(Boolean)
            .join(' · ')}
        >
          <code style={{ marginRight: 8 }}>{m.value ?? m.phase}</code>
        </Tooltip>
      ))}
    </>
  );
}

function conditionText(metric: AnalysisMetricView): string {
  const parts = [];
  if (metric.successCondition) parts.push(`ok: ${metric.successCondition}`);
  if (metric.failureCondition) parts.push(`fail: ${metric.failureCondition}`);
  if (metric.failureLimit) parts.push(`failure limit ${metric.failureLimit}`);
  return parts.join('; ') || '—';
}

function AnalysisRunSummary(props: { run: AnalysisRunView }) {
  const { run } = props;
  return (
    <section aria-label={`AnalysisRun ${run.name}`}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <AnalysisPhaseStatus phase={run.phase} />
        <Typography variant="body2" component="span">
          <code>{run.name}</code>
        </Typography>
        {run.type && <Chip size="small" variant="outlined" label={run.type} />}
        {run.stepIndex !== undefined && (
          <Chip
            size="small"
            variant="outlined"
            label={`step ${run.stepIndex + 1}`}
          />
        )}
        {run.terminated && <Chip size="small" label="terminated" />}
        <Typography variant="caption" color="textSecondary">
          <RelativeTime value={run.startedAt ?? run.createdAt} />
        </Typography>
      </Box>
      {run.message && (
        <Typography variant="caption" color="textSecondary" component="p">
          {run.message}
        </Typography>
      )}
      {run.metrics.length > 0 && (
        <Table size="small" aria-label={`Metrics of ${run.name}`}>
          <TableHead>
            <TableRow>
              <TableCell>Metric</TableCell>
              <TableCell>Phase</TableCell>
              <TableCell>Measurements</TableCell>
              <TableCell>Last values</TableCell>
              <TableCell>Condition</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {run.metrics.map(metric => (
              <TableRow key={metric.name}>
                <TableCell>
                  {metric.name}
                  {metric.provider && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="span"
                    >
                      {' '}
                      ({metric.provider})
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <span style={{ whiteSpace: 'nowrap' }}>
                    <AnalysisPhaseStatus phase={metric.phase} />
                  </span>
                  {metric.message && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="p"
                    >
                      {metric.message}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{countsText(metric)}</TableCell>
                <TableCell>
                  <LastMeasurements metric={metric} />
                </TableCell>
                <TableCell>{conditionText(metric)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

/** The Rollout's most recent AnalysisRuns with each metric's phase and last measurements. */
export function AnalysisRuns(props: {
  runs: AnalysisRunView[];
  limit: number;
}) {
  const { runs, limit } = props;
  if (runs.length === 0) return null;
  return (
    <Box marginTop={1}>
      <Typography variant="subtitle2" component="h4">
        Analysis
        {runs.length > limit && (
          <Typography variant="caption" color="textSecondary" component="span">
            {' '}
            (the {limit} most recent of {runs.length})
          </Typography>
        )}
      </Typography>
      {runs.slice(0, limit).map(run => (
        <AnalysisRunSummary key={`${run.namespace}/${run.name}`} run={run} />
      ))}
    </Box>
  );
}
