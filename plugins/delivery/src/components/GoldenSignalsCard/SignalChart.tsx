import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatTimeTick, formatTimestamp } from '../../utils/chartTime';
import {
  ChartRow,
  DeployMarkerLine,
  formatNumber,
  formatValue,
  UnitDisplay,
  VERDICT_COLORS,
} from './signalChartData';

/** One line of a chart: a column of the rows. */
export interface ChartLine {
  key: string;
  name: string;
  color: string;
  dashed: boolean;
}

export interface SignalChartProps {
  title: string;
  rows: ChartRow[];
  lines: ChartLine[];
  display: UnitDisplay;
  /** The time axis in milliseconds; shared by every chart of the card. */
  domain: [number, number];
  markers: DeployMarkerLine[];
  graphUrl?: string;
  /** Why the chart has no data, when its query failed. */
  unavailable?: string;
}

function hasData(rows: ChartRow[], lines: ChartLine[]): boolean {
  return rows.some(row => lines.some(line => row[line.key] !== null));
}

/** A time series chart with the deploys as vertical lines on the same axis. */
export function SignalChart(props: SignalChartProps) {
  const { title, rows, lines, display, domain, markers } = props;
  const theme = useTheme();
  const span = domain[1] - domain[0];
  let chart: React.ReactNode;
  if (props.unavailable) {
    chart = (
      <Typography variant="body2" color="textSecondary">
        Not available: {props.unavailable}
      </Typography>
    );
  } else if (!hasData(rows, lines)) {
    chart = (
      <Typography variant="body2" color="textSecondary">
        No traffic in this range.
      </Typography>
    );
  } else {
    chart = (
      <ResponsiveContainer width="100%" height={180}>
        <LineChart
          data={rows}
          margin={{ top: 16, right: 8, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={domain}
            tickFormatter={t => formatTimeTick(t, span)}
            minTickGap={24}
          />
          <YAxis
            width={44}
            tickFormatter={v => formatNumber(v)}
            domain={[0, 'auto']}
          />
          <Tooltip
            labelFormatter={t => formatTimestamp(Number(t))}
            formatter={(value: unknown) =>
              typeof value === 'number' ? formatValue(value, display) : '—'
            }
          />
          {lines.length > 1 && <Legend />}
          {markers.map(marker => (
            <ReferenceLine
              key={marker.key}
              x={marker.t}
              stroke={VERDICT_COLORS[marker.verdict]}
              strokeDasharray={
                marker.verdict === 'regression' ? undefined : '3 3'
              }
              strokeWidth={marker.verdict === 'regression' ? 2 : 1}
              ifOverflow="extendDomain"
              label={
                marker.showLabel
                  ? {
                      value: marker.label,
                      position: 'insideTopLeft',
                      fontSize: 10,
                      fill: theme.palette.text.secondary,
                    }
                  : undefined
              }
            />
          ))}
          {lines.map(line => (
            <Line
              key={line.key}
              dataKey={line.key}
              name={line.name}
              stroke={line.color}
              strokeDasharray={line.dashed ? '5 3' : undefined}
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    );
  }
  return (
    <figure aria-label={title} style={{ margin: 0 }}>
      <Box display="flex" alignItems="baseline" justifyContent="space-between">
        <Typography variant="subtitle2" component="figcaption">
          {title}
          {display.suffix && (
            <Typography
              variant="caption"
              color="textSecondary"
              component="span"
            >
              {' '}
              ({display.suffix})
            </Typography>
          )}
        </Typography>
        {props.graphUrl && (
          <Typography variant="caption">
            <Link to={props.graphUrl}>Prometheus</Link>
          </Typography>
        )}
      </Box>
      {chart}
    </figure>
  );
}
