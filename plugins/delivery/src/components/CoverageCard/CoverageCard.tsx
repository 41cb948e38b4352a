import { EmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { CODE_COVERAGE_ANNOTATION } from '@go-delivery/plugin-delivery-common';
import { AnnotationGate, DeliveryCard } from '../../kit';
import { entityRepoUrl } from '../../utils/entityRepoUrl';
import { isCoverageEnabled } from '../../utils/entityPredicates';
import { RequestErrorPanel } from '../RequestErrorPanel';
import { formatPercent, thresholdSource } from './coverageFigures';
import { CoveragePackageTable } from './CoveragePackageTable';
import { CoverageSummary } from './CoverageSummary';
import { CoverageTrendChart } from './CoverageTrendChart';
import { CoverageData, useCoverage } from './useCoverage';

/** @public */
export interface CoverageCardProps {
  /** Show this branch; by default the branch of the latest report. */
  branch?: string;
  /** How many reports the trend chart shows. */
  historyLimit?: number;
}

function CoverageBody(props: { data: CoverageData }) {
  const { entity } = useEntity();
  const { coverage, history, historyError } = props.data;
  const { latest, threshold } = coverage;
  if (!latest) {
    return (
      <EmptyState
        missing="data"
        title="No coverage report yet"
        description={`CI uploads one after its tests (POST /api/delivery/coverage with a Go coverprofile, Cobertura or LCOV report)${
          coverage.branch ? ` for branch ${coverage.branch}` : ''
        }. The threshold is ${formatPercent(
          threshold.percent,
        )}, ${thresholdSource(threshold)}.`}
      />
    );
  }
  return (
    <>
      <CoverageSummary
        report={latest}
        threshold={threshold}
        repoURL={entityRepoUrl(entity)}
      />
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 16 }}>
        Trend on {history?.branch ?? latest.branch}
      </Typography>
      {historyError && (
        <RequestErrorPanel
          error={historyError}
          title="The history could not be read"
        />
      )}
      {history && (
        <CoverageTrendChart
          points={history.points}
          threshold={threshold.percent}
        />
      )}
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 16 }}>
        Packages
      </Typography>
      <CoveragePackageTable
        packages={latest.packages}
        unit={latest.unit}
        threshold={threshold.percent}
      />
    </>
  );
}

function CoverageInfoCard(props: { branch?: string; historyLimit: number }) {
  const coverage = useCoverage(props);
  return (
    <DeliveryCard
      title="Coverage"
      subheader="Test coverage per commit"
      refreshes="coverage"
      data={coverage}
    >
      {value => <CoverageBody data={value} />}
    </DeliveryCard>
  );
}

/**
 * The entity's test coverage: the latest report against the threshold, its change from the
 * previous commit, the trend on its branch and the figures per package.
 *
 * @public
 */
export function CoverageCard(props: CoverageCardProps) {
  return (
    <AnnotationGate
      when={isCoverageEnabled}
      annotation={CODE_COVERAGE_ANNOTATION}
    >
      <CoverageInfoCard
        branch={props.branch}
        historyLimit={props.historyLimit ?? 50}
      />
    </AnnotationGate>
  );
}
