import Grid from '@material-ui/core/Grid';
import { MetricsView } from '@go-delivery/plugin-delivery-common';
import { SignalChart } from './SignalChart';
import {
  deployMarkerLines,
  mergeSeries,
  SIGNAL_TITLES,
  TRACK_LINES,
  UNIT_DISPLAY,
} from './signalChartData';

const RULE_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b'];

/**
 * Request rate, error rate and p95 latency (stable and canary apart when split), then the
 * catalog's own queries, all on the same time axis with the deploys marked.
 */
export function GoldenSignalCharts(props: { view: MetricsView }) {
  const { view } = props;
  const domain: [number, number] = [
    Date.parse(view.range.start),
    Date.parse(view.range.end),
  ];
  const markers = deployMarkerLines(view.deploys, view.range);
  return (
    <Grid container spacing={2}>
      {view.signals.map(signal => {
        const display = UNIT_DISPLAY[signal.unit];
        return (
          <Grid item xs={12} md={4} key={signal.signal}>
            <SignalChart
              title={SIGNAL_TITLES[signal.signal]}
              rows={mergeSeries(
                signal.series.map(s => ({ key: s.track, points: s.points })),
                display.scale,
              )}
              lines={signal.series.map(s => ({
                key: s.track,
                ...TRACK_LINES[s.track],
              }))}
              display={display}
              domain={domain}
              markers={markers}
              graphUrl={signal.graphUrl}
              unavailable={signal.failure?.message}
            />
          </Grid>
        );
      })}
      {view.ruleQueries.map(rule => (
        <Grid item xs={12} md={6} key={rule.query}>
          <SignalChart
            title={rule.query}
            rows={mergeSeries(
              rule.series.map(s => ({ key: s.label, points: s.points })),
            )}
            lines={rule.series.map((s, i) => ({
              key: s.label,
              name: s.label,
              color: RULE_COLORS[i % RULE_COLORS.length],
              dashed: false,
            }))}
            display={{ scale: 1, suffix: '' }}
            domain={domain}
            markers={markers}
            graphUrl={rule.graphUrl}
            unavailable={rule.failure?.message}
          />
        </Grid>
      ))}
    </Grid>
  );
}
