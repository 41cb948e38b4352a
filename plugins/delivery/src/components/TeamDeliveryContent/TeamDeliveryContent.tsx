import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { TeamDoraResponse } from '@go-delivery/plugin-delivery-common';
import { useState } from 'react';
import { DeliveryCard } from '../../kit';
import {
  DEFAULT_DORA_PERIOD,
  DoraFigureTiles,
  DoraPeriodDays,
  DoraPeriodSelect,
} from '../DoraFigures';
import { TeamServicesTable } from './TeamServicesTable';
import { useTeamDora } from './useTeamDora';

function TeamBody(props: { value: TeamDoraResponse }) {
  const { value } = props;
  const count = value.services.length;
  return (
    <>
      <section aria-label="Team figures">
        <Typography variant="h6" component="h3">
          The team
        </Typography>
        <Typography variant="body2" color="textSecondary" component="p">
          {count === 1 ? '1 service' : `${count} services`}, last{' '}
          {value.period.days} days, over all their events together.
        </Typography>
        <DoraFigureTiles figures={value.aggregate} />
      </section>
      <div style={{ marginTop: 24 }}>
        <TeamServicesTable services={value.services} />
      </div>
    </>
  );
}

/**
 * The Delivery tab of a group: the DORA figures of the services it owns (each in its
 * production-like environment) and of the team as a whole, over a period.
 *
 * @public
 */
export function TeamDeliveryContent() {
  const [days, setDays] = useState<DoraPeriodDays>(DEFAULT_DORA_PERIOD);
  const dora = useTeamDora(days);
  return (
    <DeliveryCard
      title="DORA metrics"
      subheader="The services this team owns, from recorded delivery events"
      refreshes="DORA metrics"
      data={dora}
      errorTitle="DORA metrics"
      actions={
        <DoraPeriodSelect
          id="delivery-team-dora-period"
          value={days}
          onChange={setDays}
        />
      }
      empty={value =>
        value.services.length === 0 && (
          <EmptyState
            missing="data"
            title="No delivery events for this team's services yet"
            description="The figures cover the services whose owner is this group and whose deploys the collector has recorded from Argo CD (it looks every few minutes). Give a service this owner and Argo CD annotations, and it shows here after its first deploy."
          />
        )
      }
    >
      {value => <TeamBody value={value} />}
    </DeliveryCard>
  );
}
