import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  RollbackResult,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';
import { Fact, Facts } from '../Facts';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';

/** What the rollback did: the commit or pull request, or the operation Argo CD started. */
export function RollbackResultPanel(props: {
  result: RollbackResult;
  repoURL?: string;
}) {
  const { result, repoURL } = props;
  const { commit, pullRequest, operation } = result;
  return (
    <section aria-label="Rollback result">
      <Alert severity="success">
        {result.message}
        {result.replayed && (
          <Typography variant="caption" component="p">
            This submission had already been made; it was answered without
            acting twice.
          </Typography>
        )}
      </Alert>
      <Facts>
        {pullRequest && (
          <Fact label="Pull request">
            <Link to={pullRequest.url}>
              {pullRequest.number !== undefined
                ? `Pull request #${pullRequest.number}`
                : pullRequest.url}
            </Link>
          </Fact>
        )}
        {commit && (
          <Fact label="Commit">
            {commit.url ? (
              <Link to={commit.url}>
                <code>{shortRevision(commit.sha)}</code>
              </Link>
            ) : (
              <code>{shortRevision(commit.sha)}</code>
            )}{' '}
            on {commit.branch}
          </Fact>
        )}
        {operation && (
          <Fact label="Argo CD operation">
            {operation.phase ?? 'started'}
            {operation.revision && (
              <>
                {', to '}
                <RevisionLink revision={operation.revision} repoURL={repoURL} />
              </>
            )}
            {operation.startedAt && (
              <>
                {', started '}
                <RelativeTime value={operation.startedAt} />
              </>
            )}
          </Fact>
        )}
        {result.autoSyncDisabled && (
          <Fact label="Auto-sync">
            turned off; turn it on again in Argo CD once the branch names the
            version to run
          </Fact>
        )}
      </Facts>
    </section>
  );
}
