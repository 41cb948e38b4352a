import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { DeployMarkerView } from '@go-delivery/plugin-delivery-common';
import { ReactNode } from 'react';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';
import { VERDICT_COLORS, VERDICT_LABELS } from './signalChartData';

/** The deploys of the range, newest first, with what each did to the service. */
export function DeployVerdicts(props: {
  deploys: DeployMarkerView[];
  repoURL?: string;
  renderDeployAction?: (deploy: DeployMarkerView) => ReactNode;
}) {
  const { deploys, repoURL, renderDeployAction } = props;
  if (deploys.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No deploy in this range.
      </Typography>
    );
  }
  const newestFirst = [...deploys].reverse();
  return (
    <Table size="small" aria-label="Deploys">
      <TableHead>
        <TableRow>
          <TableCell>Deployed</TableCell>
          <TableCell>Revision</TableCell>
          <TableCell>Application</TableCell>
          <TableCell>Verdict</TableCell>
          <TableCell>What changed</TableCell>
          {renderDeployAction && <TableCell />}
        </TableRow>
      </TableHead>
      <TableBody>
        {newestFirst.map(deploy => (
          <TableRow
            key={`${deploy.instance}/${deploy.application}/${
              deploy.id ?? deploy.deployedAt
            }`}
          >
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              <RelativeTime value={deploy.deployedAt} />
            </TableCell>
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              <RevisionLink revision={deploy.revision} repoURL={repoURL} />
            </TableCell>
            <TableCell>
              {deploy.application}
              <Typography
                variant="caption"
                color="textSecondary"
                component="span"
              >
                {' '}
                ({deploy.instance})
              </Typography>
            </TableCell>
            <TableCell>
              <Chip
                size="small"
                label={VERDICT_LABELS[deploy.verdict.verdict]}
                style={{
                  backgroundColor: VERDICT_COLORS[deploy.verdict.verdict],
                  color: '#fff',
                }}
              />
            </TableCell>
            <TableCell>
              {deploy.verdict.summary}
              {deploy.verdict.failure && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="p"
                >
                  {deploy.verdict.failure.message}
                </Typography>
              )}
            </TableCell>
            {renderDeployAction && (
              <TableCell>{renderDeployAction(deploy)}</TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
