import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { budgetLeft } from './errorBudgetFormat';

/**
 * The budget left as a bar (empty once overspent) with the percentage beside it, so the number
 * never depends on the bar.
 */
export function BudgetBar(props: { remaining: number | null; label: string }) {
  const { remaining, label } = props;
  const value = Math.min(100, Math.max(0, (remaining ?? 0) * 100));
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Box flexGrow={1} maxWidth={240}>
        <LinearProgress
          variant="determinate"
          value={value}
          color={remaining !== null && remaining <= 0 ? 'secondary' : 'primary'}
          aria-label={label}
          aria-valuetext={budgetLeft(remaining)}
        />
      </Box>
      <Typography variant="body2" component="span">
        {budgetLeft(remaining)}
      </Typography>
    </Box>
  );
}
