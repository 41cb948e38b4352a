import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  DeliveryEventKind,
  DeliveryEventView,
} from '@go-delivery/plugin-delivery-common';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';
import { useEventRepos } from './useEventRepos';

const KIND_LABELS: Record<DeliveryEventKind, string> = {
  deploy: 'Deploy',
  rollback: 'Rollback',
  abort: 'Abort',
  promotion: 'Promotion',
  regression: 'Regression',
  'sync-failed': 'Sync failed',
  degraded: 'Degraded',
};

function kindLabel(event: DeliveryEventView): string {
  const label = KIND_LABELS[event.kind] ?? event.kind;
  return event.kind === 'deploy' && event.result === 'failed'
    ? `${label} (failed)`
    : label;
}

/**
 * The events the figures were computed from, newest first, folded away: the figures are the
 * answer, the events are how to check it.
 */
export function DoraEvents(props: { events: DeliveryEventView[] }) {
  const { events } = props;
  const repoOf = useEventRepos();
  return (
    // Mounted when opened only: up to 200 rows nobody may look at.
    <Accordion
      TransitionProps={{ unmountOnExit: true }}
      style={{ marginTop: 16 }}
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="delivery-dora-events"
        id="delivery-dora-events-header"
      >
        <Typography variant="subtitle2" component="h3">
          Events behind these figures ({events.length})
        </Typography>
      </AccordionSummary>
      <AccordionDetails id="delivery-dora-events">
        {events.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No event in this period.
          </Typography>
        ) : (
          <TableContainer style={{ maxHeight: 400 }}>
            <Table
              size="small"
              stickyHeader
              aria-label="Events behind these figures"
            >
              <TableHead>
                <TableRow>
                  <TableCell>Time</TableCell>
                  <TableCell>Kind</TableCell>
                  <TableCell>Environment</TableCell>
                  <TableCell>Revision</TableCell>
                  <TableCell>Summary</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {events.map(event => (
                  <TableRow key={event.id}>
                    <TableCell style={{ whiteSpace: 'nowrap' }}>
                      <RelativeTime value={event.at} />
                    </TableCell>
                    <TableCell>{kindLabel(event)}</TableCell>
                    <TableCell>{event.environment}</TableCell>
                    <TableCell style={{ whiteSpace: 'nowrap' }}>
                      <RevisionLink
                        revision={event.revision}
                        repoURL={repoOf(event)}
                      />
                    </TableCell>
                    <TableCell>{event.summary}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </AccordionDetails>
    </Accordion>
  );
}
