import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ArgoCdHistoryEntry } from '@go-delivery/plugin-delivery-common';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';

/** The most recent deploys of one application, newest first. */
export function DeploymentHistory(props: {
  history: ArgoCdHistoryEntry[];
  repoURL?: string;
  limit: number;
}) {
  const { history, repoURL, limit } = props;
  if (history.length === 0) return null;
  return (
    <Table size="small" aria-label="Deployment history">
      <TableHead>
        <TableRow>
          <TableCell>#</TableCell>
          <TableCell>Revision</TableCell>
          <TableCell>Deployed</TableCell>
          <TableCell>By</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {history.slice(0, limit).map((entry, index) => (
          <TableRow key={entry.id ?? `row-${index}`}>
            <TableCell>{entry.id ?? '—'}</TableCell>
            <TableCell>
              <RevisionLink
                revision={entry.revision ?? entry.revisions?.[0]}
                repoURL={entry.source?.repoURL ?? repoURL}
              />
            </TableCell>
            <TableCell>
              <RelativeTime value={entry.deployedAt} />
            </TableCell>
            <TableCell>{entry.initiatedBy ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
