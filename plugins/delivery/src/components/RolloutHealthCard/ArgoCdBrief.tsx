import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ArgoCdApplicationView,
  DeploymentsResponse,
} from '@go-delivery/plugin-delivery-common';
import { DataView } from '../../kit';
import { Detail } from '../Facts';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';
import { HealthStatus, OperationStatus, SyncStatus } from '../StatusIndicators';

function ApplicationsTable(props: { applications: ArgoCdApplicationView[] }) {
  return (
    <Table size="small" aria-label="Argo CD applications">
      <TableHead>
        <TableRow>
          <TableCell>Application</TableCell>
          <TableCell>Sync</TableCell>
          <TableCell>Health</TableCell>
          <TableCell>Revision</TableCell>
          <TableCell>Last operation</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.applications.map(app => (
          <TableRow key={`${app.instance}/${app.namespace}/${app.name}`}>
            <TableCell>
              {app.webUrl ? <Link to={app.webUrl}>{app.name}</Link> : app.name}
              <Detail>
                {app.instance} · {app.autoSync ? 'auto-sync' : 'manual sync'}
              </Detail>
            </TableCell>
            <TableCell>
              <SyncStatus status={app.sync.status} />
            </TableCell>
            <TableCell>
              <HealthStatus status={app.health.status} />
            </TableCell>
            <TableCell>
              <RevisionLink
                revision={app.sync.revision ?? app.sync.revisions?.[0]}
                repoURL={app.source?.repoURL}
              />
            </TableCell>
            <TableCell>
              {app.operation ? (
                <>
                  <OperationStatus phase={app.operation.phase} />
                  <Detail>
                    {app.operation.initiatedBy
                      ? `by ${app.operation.initiatedBy} `
                      : ''}
                    <RelativeTime
                      value={
                        app.operation.finishedAt ?? app.operation.startedAt
                      }
                    />
                  </Detail>
                </>
              ) : (
                '—'
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Argo CD sync, health, revision and last operation of each of the entity's applications, one
 * row each: the deployments card has the details and the history.
 */
export function ArgoCdBrief(props: {
  data: { value?: DeploymentsResponse; loading: boolean; error?: Error };
}) {
  return (
    <Box component="section" aria-label="Argo CD status" marginTop={2}>
      <Typography variant="subtitle1" component="h3">
        Argo CD
      </Typography>
      <DataView
        data={props.data}
        errorTitle="Argo CD"
        empty={value =>
          value.applications.length === 0 &&
          value.failures.length === 0 && (
            <Typography variant="body2" color="textSecondary">
              No Argo CD application found (searched{' '}
              {value.instances.join(', ') || 'no configured instance'}).
            </Typography>
          )
        }
      >
        {value => (
          <>
            {/* One line each: the deployments card has the full panels. */}
            {value.failures.map(f => (
              <Typography
                key={`${f.kind}:${f.instance}`}
                variant="caption"
                color="error"
                component="p"
              >
                {f.message}
              </Typography>
            ))}
            {value.applications.length > 0 && (
              <ApplicationsTable applications={value.applications} />
            )}
          </>
        )}
      </DataView>
    </Box>
  );
}
