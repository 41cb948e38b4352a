import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ArgoCdApplicationView } from '@go-delivery/plugin-delivery-common';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';
import { HealthStatus, OperationStatus, SyncStatus } from '../StatusIndicators';
import { UpstreamFailures } from '../UpstreamFailures';
import { Detail, Fact, Facts } from '../Facts';
import { DeploymentHistory } from './DeploymentHistory';

const useStyles = makeStyles(theme => ({
  root: {
    '& + &': {
      borderTop: `1px solid ${theme.palette.divider}`,
      marginTop: theme.spacing(2),
      paddingTop: theme.spacing(2),
    },
  },
  status: { display: 'inline-flex', alignItems: 'center' },
}));

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
  const classes = useStyles();
  const repoURL = app.source?.repoURL;
  return (
    <section
      className={classes.root}
      aria-label={`Argo CD application ${app.name}`}
    >
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="h6" component="h3">
          {app.webUrl ? <Link to={app.webUrl}>{app.name}</Link> : app.name}
        </Typography>
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
      </Box>
      <Facts>
        <Fact label="Sync">
          <span className={classes.status}>
            <SyncStatus status={app.sync.status} />
          </span>
        </Fact>
        <Fact label="Health">
          <span className={classes.status}>
            <HealthStatus status={app.health.status} />
          </span>
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
            <span className={classes.status}>
              <OperationStatus phase={app.operation.phase} />
            </span>
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
    </section>
  );
}
