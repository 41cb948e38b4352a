import {
  InfoCard,
  MissingAnnotationEmptyState,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CARD_TITLE_PROPS } from '../../utils/cardTitle';
import { METRICS_SERVICE_ANNOTATION } from '@go-delivery/plugin-delivery-common';
import { isGoldenSignalsAvailable } from '../../utils/entityPredicates';
import {
  GoldenSignalsPanel,
  GoldenSignalsPanelProps,
} from './GoldenSignalsPanel';

/** @public */
export type GoldenSignalsCardProps = GoldenSignalsPanelProps;

/**
 * Request rate, error rate and p95 latency of the entity's service from Prometheus, canary and
 * stable apart while a canary runs, with each deploy marked and judged.
 *
 * @public
 */
export function GoldenSignalsCard(props: GoldenSignalsCardProps) {
  const { entity } = useEntity();
  if (!isGoldenSignalsAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={METRICS_SERVICE_ANNOTATION} />
    );
  }
  return (
    <InfoCard
      title="Golden signals"
      titleTypographyProps={CARD_TITLE_PROPS}
      subheader="Prometheus, with deploys marked"
    >
      <GoldenSignalsPanel {...props} />
    </InfoCard>
  );
}
