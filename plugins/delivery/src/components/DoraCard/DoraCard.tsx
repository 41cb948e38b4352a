import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  EntityDoraResponse,
  hasArgoCdAnnotations,
} from '@go-delivery/plugin-delivery-common';
import { useState } from 'react';
import { AnnotationGate, DeliveryCard } from '../../kit';
import {
  DEFAULT_DORA_PERIOD,
  DoraFigureTiles,
  DoraPeriodDays,
  DoraPeriodSelect,
} from '../DoraFigures';
import { RelativeTime } from '../RelativeTime';
import { DoraEnvironmentSelect } from './DoraEnvironmentSelect';
import { DoraEvents } from './DoraEvents';
import { DoraTrendChart } from './DoraTrendChart';
import { useDora } from './useDora';

function Collected(props: { at: string | null }) {
  if (!props.at) return <>not collected yet</>;
  return (
    <>
      collected <RelativeTime value={props.at} />
    </>
  );
}

/** No event recorded for the entity at all: say where they come from and when. */
function NoEventsYet(props: { collectedAt: string | null }) {
  return (
    <EmptyState
      missing="data"
      title="No delivery events recorded yet"
      description={`The collector records this service's deploys from Argo CD every few minutes, with the rollbacks, aborts and promotions made through this portal; the figures show from the first one. ${
        props.collectedAt
          ? 'It has looked at this service and found none so far.'
          : 'It has not looked at this service yet.'
      }`}
    />
  );
}

function DoraBody(props: { value: EntityDoraResponse }) {
  const { value } = props;
  return (
    <>
      <Typography
        variant="body2"
        color="textSecondary"
        component="p"
        style={{ marginBottom: 8 }}
      >
        {value.environment}, last {value.period.days} days ·{' '}
        <Collected at={value.collectedAt} />
      </Typography>
      <DoraFigureTiles figures={value.figures} />
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 16 }}>
        Weekly trend
      </Typography>
      <DoraTrendChart weeks={value.weeks} />
      <DoraEvents events={value.events} />
    </>
  );
}

function DoraInfoCard() {
  const [days, setDays] = useState<DoraPeriodDays>(DEFAULT_DORA_PERIOD);
  // Unset until chosen: the backend then picks the production-like environment.
  const [environment, setEnvironment] = useState<string>();
  const dora = useDora(days, environment);
  const shown = dora.value;
  return (
    <DeliveryCard
      title="DORA metrics"
      subheader="Deploys, lead time, failures and restores, from recorded events"
      refreshes="DORA metrics"
      data={dora}
      errorTitle="DORA metrics"
      actions={
        <>
          {shown && shown.environments.length > 0 && (
            <DoraEnvironmentSelect
              value={environment ?? shown.environment}
              environments={shown.environments}
              onChange={setEnvironment}
            />
          )}
          <DoraPeriodSelect
            id="delivery-dora-period"
            value={days}
            onChange={setDays}
          />
        </>
      }
      empty={value =>
        value.environments.length === 0 && (
          <NoEventsYet collectedAt={value.collectedAt} />
        )
      }
    >
      {value => <DoraBody value={value} />}
    </DeliveryCard>
  );
}

/**
 * The four DORA figures of the entity in one environment over a period, with their weekly trend
 * and the events they were computed from. Computed by the backend from its own record of
 * delivery events, which outlives Argo CD's short history; shown for entities with Argo CD
 * applications, where those events come from.
 *
 * @public
 */
export function DoraCard() {
  return (
    <AnnotationGate
      when={hasArgoCdAnnotations}
      annotation={[ARGOCD_APP_NAME_ANNOTATION, ARGOCD_APP_SELECTOR_ANNOTATION]}
    >
      <DoraInfoCard />
    </AnnotationGate>
  );
}
