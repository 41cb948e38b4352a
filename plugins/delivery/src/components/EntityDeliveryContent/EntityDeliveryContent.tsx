import {
  ErrorBoundary,
  MissingAnnotationEmptyState,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid, { GridSize } from '@material-ui/core/Grid';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  CODE_COVERAGE_ANNOTATION,
  hasArgoCdAnnotations,
  isErrorBudgetAvailable,
  isTektonEnabled,
  METRICS_SERVICE_ANNOTATION,
  SLO_AVAILABILITY_ANNOTATION,
  TEKTON_CICD_ANNOTATION,
} from '@go-delivery/plugin-delivery-common';
import { ReactNode } from 'react';
import {
  isCoverageEnabled,
  isGoldenSignalsAvailable,
  isRolloutHealthAvailable,
} from '../../utils/entityPredicates';
import {
  ArgoCdDeploymentCard,
  DeploymentsProvider,
} from '../ArgoCdDeploymentCard';
import { CoverageCard } from '../CoverageCard';
import { DoraCard } from '../DoraCard';
import { EnvironmentsCard } from '../EnvironmentsCard';
import { ErrorBudgetCard } from '../ErrorBudgetCard';
import { GoldenSignalsCard } from '../GoldenSignalsCard';
import { PipelineRunsCard } from '../PipelineRunsCard';
import { RolloutHealthCard } from '../RolloutHealthCard';

interface TabCard {
  key: string;
  /** Width on large screens; every card is full width on small ones. */
  lg: GridSize;
  element: ReactNode;
}

/** The cards the entity's annotations ask for, in the order the tab shows them. */
function cardsFor(
  entity: Parameters<typeof hasArgoCdAnnotations>[0],
): TabCard[] {
  const cards: TabCard[] = [];
  const argoCd = hasArgoCdAnnotations(entity);
  const coverage = isCoverageEnabled(entity);
  const rolloutHealth = isRolloutHealthAvailable(entity);
  // What runs now and whether it is healthy comes first: that is where a rollback starts.
  if (rolloutHealth) {
    cards.push({ key: 'rollouts', lg: 12, element: <RolloutHealthCard /> });
  }
  // Where each environment stands and what may move on: next to what runs, before the details.
  if (argoCd) {
    cards.push({ key: 'environments', lg: 12, element: <EnvironmentsCard /> });
  }
  // The error budget gates promotions into its environments.
  if (isErrorBudgetAvailable(entity)) {
    cards.push({ key: 'error-budget', lg: 12, element: <ErrorBudgetCard /> });
  }
  // Deployments and coverage share a row when both are there.
  const half: GridSize = argoCd && coverage ? 6 : 12;
  if (argoCd) {
    cards.push({ key: 'argocd', lg: half, element: <ArgoCdDeploymentCard /> });
  }
  if (coverage) {
    cards.push({ key: 'coverage', lg: half, element: <CoverageCard /> });
  }
  // The DORA figures are computed from the deploys the collector reads from Argo CD.
  if (argoCd) {
    cards.push({ key: 'dora', lg: 12, element: <DoraCard /> });
  }
  if (isTektonEnabled(entity)) {
    cards.push({ key: 'pipelines', lg: 12, element: <PipelineRunsCard /> });
  }
  // The rollout health card embeds the golden signals; the card of their own is for entities
  // without rollouts or Argo CD applications.
  if (isGoldenSignalsAvailable(entity) && !rolloutHealth) {
    cards.push({ key: 'metrics', lg: 12, element: <GoldenSignalsCard /> });
  }
  return cards;
}

/**
 * The entity's Delivery tab: each card reads its own part and fails on its own (an upstream that
 * is down degrades its card; a card that breaks is replaced by an error panel), so the rest of
 * the tab stays usable. The cards that show Argo CD applications share one load of them.
 *
 * @public
 */
export function EntityDeliveryContent() {
  const { entity } = useEntity();
  const cards = cardsFor(entity);
  if (cards.length === 0) {
    return (
      <MissingAnnotationEmptyState
        annotation={[
          ARGOCD_APP_NAME_ANNOTATION,
          ARGOCD_APP_SELECTOR_ANNOTATION,
          TEKTON_CICD_ANNOTATION,
          CODE_COVERAGE_ANNOTATION,
          METRICS_SERVICE_ANNOTATION,
          SLO_AVAILABILITY_ANNOTATION,
        ]}
      />
    );
  }
  const grid = (
    <Grid container spacing={3} alignItems="stretch">
      {cards.map(card => (
        <Grid item xs={12} lg={card.lg} key={card.key}>
          <ErrorBoundary>{card.element}</ErrorBoundary>
        </Grid>
      ))}
    </Grid>
  );
  return hasArgoCdAnnotations(entity) ? (
    <DeploymentsProvider>{grid}</DeploymentsProvider>
  ) : (
    grid
  );
}
