import { METRICS_SERVICE_ANNOTATION } from '@go-delivery/plugin-delivery-common';
import { AnnotationGate, DeliveryCard } from '../../kit';
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
  return (
    <AnnotationGate
      when={isGoldenSignalsAvailable}
      annotation={METRICS_SERVICE_ANNOTATION}
    >
      {/* The panel has its range and refresh above the charts. */}
      <DeliveryCard
        title="Golden signals"
        subheader="Prometheus, with deploys marked"
      >
        <GoldenSignalsPanel {...props} />
      </DeliveryCard>
    </AnnotationGate>
  );
}
