import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  ArgoCdHistoryEntry,
  ArgoCdSourceView,
} from '@go-delivery/plugin-delivery-common';
import { Fragment } from 'react';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';

/**
 * A multi-source deploy's revisions, one per source: the chart's version, or the commit (linked
 * in its own repository).
 */
function SourceRevisions(props: { sources: ArgoCdSourceView[] }) {
  return (
    <>
      {props.sources.map((source, i) => (
        <Fragment key={i}>
          {i > 0 && ' · '}
          {source.chart ? (
            <code title={`chart ${source.chart}`}>
              {source.revision ?? '—'}
            </code>
          ) : (
            <RevisionLink revision={source.revision} repoURL={source.repoURL} />
          )}
        </Fragment>
      ))}
    </>
  );
}

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
              {entry.sources?.length ? (
                <SourceRevisions sources={entry.sources} />
              ) : (
                <RevisionLink
                  revision={entry.revision ?? entry.revisions?.[0]}
                  repoURL={entry.source?.repoURL ?? repoURL}
                />
              )}
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
