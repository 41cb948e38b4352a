import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { shortRevision } from '@go-delivery/plugin-delivery-common';
import { ReactNode } from 'react';
import { Fact, Facts } from '../../components/Facts';

/** What an action did, as a region: the backend's message, then `children` (its facts). */
export function ActionResult(props: {
  /** The region's name, e.g. `Rollback result`. */
  label: string;
  message: string;
  /** The remembered answer of an earlier request with the same key. */
  replayed: boolean;
  children?: ReactNode;
}) {
  return (
    <section aria-label={props.label}>
      <Alert severity="success">
        {props.message}
        {props.replayed && (
          <Typography variant="caption" component="p">
            This submission had already been made; it was answered without
            acting twice.
          </Typography>
        )}
      </Alert>
      <Facts>{props.children}</Facts>
    </section>
  );
}

/** The commit a GitOps change made and the pull request it opened, as facts of a result. */
export function GitChangeFacts(props: {
  commit?: { sha: string; branch: string; url?: string };
  pullRequest?: { url: string; number?: number };
}) {
  const { commit, pullRequest } = props;
  const sha = commit && <code>{shortRevision(commit.sha)}</code>;
  return (
    <>
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
          {commit.url ? <Link to={commit.url}>{sha}</Link> : sha} on{' '}
          {commit.branch}
        </Fact>
      )}
    </>
  );
}

/**
 * The words of the button that sends a GitOps change, saying what it does: a commit, or a
 * GitHub pull request or GitLab merge request to review.
 */
export function gitChangeLabel(
  gitops: { provider: string; mode: string },
  commitLabel: string,
): string {
  if (gitops.mode !== 'pull-request') return commitLabel;
  return gitops.provider === 'gitlab'
    ? 'Open merge request'
    : 'Open pull request';
}
