import { Link } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import { ArgoCdApplicationView } from '@go-delivery/plugin-delivery-common';
import { SummarySection } from '../../kit';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';
import { HealthStatus, OperationStatus, SyncStatus } from '../StatusIndicators';
import { UpstreamFailures } from '../UpstreamFailures';
import { Detail, Fact, Facts, FactStatus } from '../Facts';
import { DeploymentHistory } from './DeploymentHistory';

function resourcesText(app: ArgoCdApplicationView): string | undefined {
  if (!app.resources) return undefined;
  const unhealthy = app.resources.unhealthy.length;
  return `${app.resources.total} resources${
    unhealthy ? `, ${unhealthy} not healthy` : ''
  }`;
}

/** Everything the card shows about one Argo CD application. */
export function ApplicationSummary(props: {
  app: ArgoCdApplicationView;
  historyLimit: number;
}) {
  const { app, historyLimit } = props;
  const repoURL = app.source?.repoURL;
  return (
    <SummarySection
      label={`Argo CD application ${app.name}`}
      heading={app.webUrl ? <Link to={app.webUrl}>{app.name}</Link> : app.name}
      chips={
        <>
          <Chip size="small" label={app.instance} title="Argo CD instance" />
          {app.destination?.namespace && (
            <Chip
              size="small"
              variant="outlined"
              label={app.destination.namespace}
            />
          )}
          <Chip
            size="small"
            variant="outlined"
            label={app.autoSync ? 'auto-sync' : 'manual sync'}
          />
        </>
      }
    >
      <Facts>
        <Fact label="Sync">
          <FactStatus>
            <SyncStatus status={app.sync.status} />
          </FactStatus>
        </Fact>
        <Fact label="Health">
          <FactStatus>
            <HealthStatus status={app.health.status} />
          </FactStatus>
          {app.health.message && <Detail>{app.health.message}</Detail>}
        </Fact>
        <Fact label="Revision">
          <RevisionLink revision={app.sync.revision} repoURL={repoURL} />
        </Fact>
        <Fact label="Last deploy">
          <RelativeTime value={app.lastDeployedAt} />
        </Fact>
        {app.operation && (
          <Fact label="Last operation">
            <FactStatus>
              <OperationStatus phase={app.operation.phase} />
            </FactStatus>
            {app.operation.message && <Detail>{app.operation.message}</Detail>}
          </Fact>
        )}
        {app.resources && (
          <Fact label="Resources">
            {resourcesText(app)}
            {app.resources.unhealthy.map(r => (
              <Detail key={`${r.kind}/${r.namespace ?? ''}/${r.name}`}>
                {r.kind} {r.name}: {r.health}
                {r.message ? ` — ${r.message}` : ''}
              </Detail>
            ))}
          </Fact>
        )}
        {app.conditions.map(c => (
          <Fact key={`${c.type}:${c.message}`} label={c.type}>
            {c.message ?? ''}
          </Fact>
        ))}
      </Facts>
      {app.resourcesFailure && (
        <UpstreamFailures failures={[app.resourcesFailure]} />
      )}
      <DeploymentHistory
        history={app.history}
        repoURL={repoURL}
        limit={historyLimit}
      />
    </SummarySection>
  );
}
