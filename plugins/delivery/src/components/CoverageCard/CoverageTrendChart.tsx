import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { CoverageHistoryPoint } from '@go-delivery/plugin-delivery-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatTimestamp } from '../../utils/chartTime';
import { formatPercent } from './coverageFigures';
import {
  CoverageTrendPoint,
  coverageTrendData,
  trendDomain,
} from './coverageTrendData';

function TrendTooltip(props: { active?: boolean; payload?: any[] }) {
  const point: CoverageTrendPoint | undefined = props.payload?.[0]?.payload;
  if (!props.active || !point) return null;
  return (
    <div
      style={{
        background: 'rgba(33,33,33,0.9)',
        color: '#fff',
        padding: '4px 8px',
        borderRadius: 4,
      }}
    >
      <div>
        {formatPercent(point.percent)} {point.passed ? '' : '(below threshold)'}
      </div>
      <div>
        {point.commit} on {point.branch}
      </div>
      <div>{formatTimestamp(point.t)}</div>
    </div>
  );
}

/** Coverage per uploaded report, commit by commit, with the threshold as a dashed line. */
export function CoverageTrendChart(props: {
  points: CoverageHistoryPoint[];
  threshold: number;
}) {
  const theme = useTheme();
  const data = coverageTrendData(props.points);
  if (data.length < 2) {
    return (
      <Typography variant="body2" color="textSecondary">
        The trend shows from the second report on this branch.
      </Typography>
    );
  }
  return (
    <figure aria-label="Coverage trend" style={{ margin: 0 }}>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {/* One step per report: the trend reads commit by commit, however far apart. */}
          <XAxis dataKey="commit" type="category" minTickGap={16} />
          <YAxis
            domain={trendDomain(data, props.threshold)}
            tickFormatter={v => `${v} %`}
            width={48}
          />
          <Tooltip content={<TrendTooltip />} />
          <ReferenceLine
            y={props.threshold}
            stroke={theme.palette.error.main}
            strokeDasharray="4 4"
            label={{
              value: `threshold ${formatPercent(props.threshold)}`,
              position: 'insideBottomRight',
              fontSize: 11,
              fill: theme.palette.text.secondary,
            }}
          />
          <Line
            type="monotone"
            dataKey="percent"
            name="Coverage"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <figcaption>
        <Typography variant="caption" color="textSecondary">
          {data.length} reports, {formatTimestamp(data[0].t)} to{' '}
          {formatTimestamp(data[data.length - 1].t)}
        </Typography>
      </figcaption>
    </figure>
  );
}
