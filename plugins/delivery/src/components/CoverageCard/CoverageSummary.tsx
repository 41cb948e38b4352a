import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import TrendingDownIcon from '@material-ui/icons/TrendingDown';
import TrendingFlatIcon from '@material-ui/icons/TrendingFlat';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import {
  CoverageReportView,
  CoverageThresholdView,
} from '@go-delivery/plugin-delivery-common';
import { readableStatusColors } from '../../utils/readableColors';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';
import {
  describeDelta,
  describeThreshold,
  formatPercent,
  thresholdSource,
} from './coverageFigures';

const useStyles = makeStyles(theme => {
  const colors = readableStatusColors(theme);
  return {
    percent: { fontWeight: 600, lineHeight: 1.1 },
    passed: { backgroundColor: colors.goodFill, color: '#fff' },
    failed: { backgroundColor: colors.badFill, color: '#fff' },
    up: { color: colors.goodText },
    down: { color: colors.badText },
    neutral: { color: theme.palette.text.secondary },
    muted: { color: theme.palette.text.secondary },
  };
});

const TREND_ICONS = {
  up: TrendingUpIcon,
  down: TrendingDownIcon,
  same: TrendingFlatIcon,
  first: TrendingFlatIcon,
};

/** Current coverage, its change from the previous commit and its standing against the threshold. */
export function CoverageSummary(props: {
  report: CoverageReportView;
  threshold: CoverageThresholdView;
  repoURL?: string;
}) {
  const { report, threshold, repoURL } = props;
  const classes = useStyles();
  const delta = describeDelta(report);
  const TrendIcon = TREND_ICONS[delta.trend];
  const trendClass = {
    up: classes.up,
    down: classes.down,
    same: classes.neutral,
    first: classes.neutral,
  }[delta.trend];
  return (
    <section aria-label="Coverage summary">
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 16 }}
      >
        <Typography
          variant="h3"
          component="p"
          className={classes.percent}
          aria-label={`Coverage ${formatPercent(report.percent)}`}
        >
          {formatPercent(report.percent)}
        </Typography>
        <Chip
          label={report.passed ? 'Meets threshold' : 'Below threshold'}
          className={report.passed ? classes.passed : classes.failed}
        />
        <Box display="flex" alignItems="center" className={trendClass}>
          <TrendIcon fontSize="small" style={{ marginRight: 4 }} />
          <Typography variant="body1" component="span">
            {delta.text}
          </Typography>
        </Box>
      </Box>
      <Typography variant="body2" style={{ marginTop: 8 }}>
        {describeThreshold(report, threshold)} ({thresholdSource(threshold)}).
      </Typography>
      <Typography variant="body2" className={classes.muted}>
        {report.covered} of {report.total} {report.unit} covered in{' '}
        {report.packageCount} packages · commit{' '}
        <RevisionLink revision={report.commit} repoURL={repoURL} /> on{' '}
        {report.branch} · uploaded <RelativeTime value={report.uploadedAt} />
      </Typography>
    </section>
  );
}
