import Typography from '@material-ui/core/Typography';
import purple from '@material-ui/core/colors/purple';
import { useTheme } from '@material-ui/core/styles';
import { DoraWeek } from '@go-delivery/plugin-delivery-common';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { readableStatusColors } from '../../utils/readableColors';
import { formatHours } from '../DoraFigures';
import { describeTrend, doraTrendData } from './doraTrendData';

/** Deploys and failed deploys per week as bars, the week's median lead time as a line. */
export function DoraTrendChart(props: { weeks: DoraWeek[] }) {
  const theme = useTheme();
  const rows = doraTrendData(props.weeks);
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No week of this period has a deploy.
      </Typography>
    );
  }
  return (
    <figure aria-label="Weekly trend" style={{ margin: 0 }}>
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart
          data={rows}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="week" type="category" minTickGap={8} />
          <YAxis yAxisId="deploys" allowDecimals={false} width={36} />
          <YAxis
            yAxisId="hours"
            orientation="right"
            width={56}
            tickFormatter={(h: number) => formatHours(h)}
          />
          <Tooltip
            formatter={(value: unknown, name: string) => {
              if (typeof value !== 'number') return ['—', name];
              return [
                name === 'Median lead time' ? formatHours(value) : value,
                name,
              ];
            }}
          />
          {/* recharts writes each name in its series' colour; the text colour reads on any theme. */}
          <Legend
            formatter={(name: string) => (
              <span style={{ color: theme.palette.text.primary }}>{name}</span>
            )}
          />
          <Bar
            yAxisId="deploys"
            dataKey="deploys"
            name="Deploys"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
          />
          <Bar
            yAxisId="deploys"
            dataKey="failedDeploys"
            name="Failed deploys"
            fill={readableStatusColors(theme).badFill}
            isAnimationActive={false}
          />
          <Line
            yAxisId="hours"
            dataKey="leadTimeHours"
            name="Median lead time"
            type="monotone"
            stroke={purple[700]}
            strokeWidth={2}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption>
        <Typography variant="caption" color="textSecondary">
          {describeTrend(rows)}
        </Typography>
      </figcaption>
    </figure>
  );
}
