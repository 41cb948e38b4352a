import { RollbackResult } from '@go-delivery/plugin-delivery-common';
import { ActionResult, GitChangeFacts } from '../../kit';
import { Fact } from '../Facts';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';

/** What the rollback did: the commit or pull request, or the operation Argo CD started. */
export function RollbackResultPanel(props: {
  result: RollbackResult;
  repoURL?: string;
}) {
  const { result, repoURL } = props;
  const { operation } = result;
  return (
    <ActionResult
      label="Rollback result"
      message={result.message}
      replayed={result.replayed}
    >
      <GitChangeFacts commit={result.commit} pullRequest={result.pullRequest} />
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
    </ActionResult>
  );
}
