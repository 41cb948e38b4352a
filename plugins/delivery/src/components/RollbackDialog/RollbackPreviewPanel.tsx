import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { RollbackPreview } from '@go-delivery/plugin-delivery-common';
import { GitopsChangeView } from '../../kit';
import { Detail, Fact, Facts, GitopsDestinationFact } from '../Facts';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';

/** What the rollback will change, as the backend's dry run says; nothing has changed yet. */
export function RollbackPreviewPanel(props: {
  preview: RollbackPreview;
  repoURL?: string;
}) {
  const { preview } = props;
  const repoURL = preview.gitops?.repository ?? props.repoURL;
  const { image, canary, gitops } = preview;
  return (
    <section aria-label="Rollback preview">
      <Typography variant="body1" component="p" gutterBottom>
        {preview.summary}
      </Typography>
      <Facts>
        {(preview.fromRevision || preview.toRevision) && (
          <Fact label="Revision">
            <RevisionLink revision={preview.fromRevision} repoURL={repoURL} />
            {' → '}
            <RevisionLink revision={preview.toRevision} repoURL={repoURL} />
            {preview.toDeployedAt && (
              <Detail>
                deployed <RelativeTime value={preview.toDeployedAt} />
              </Detail>
            )}
          </Fact>
        )}
        {image && (image.from || image.to) && (
          <Fact label="Image">
            <code>{image.from?.reference ?? 'not known'}</code>
            {' → '}
            <code>{image.to?.reference ?? 'not known'}</code>
          </Fact>
        )}
        {canary && (
          <>
            {canary.weights && (
              <Fact label="Traffic now">
                canary {canary.weights.canary} % · stable{' '}
                {canary.weights.stable} %
              </Fact>
            )}
            <Fact label="Canary">
              {canary.canaryImages.join(', ') || 'image not known'}
            </Fact>
            <Fact label="Returns to">
              {canary.stableImages.join(', ') || 'the stable ReplicaSet'}
              {canary.stableHash && (
                <Detail>pod hash {canary.stableHash}</Detail>
              )}
            </Fact>
          </>
        )}
        {gitops && <GitopsDestinationFact gitops={gitops} />}
      </Facts>
      {preview.willDisableAutoSync && (
        <Alert severity="warning" style={{ marginBottom: 8 }}>
          Auto-sync of this application will be turned off.
        </Alert>
      )}
      {preview.autoSyncEnabled && !preview.willDisableAutoSync && (
        <Alert severity="error" style={{ marginBottom: 8 }}>
          Auto-sync is on: Argo CD will refuse this rollback.
        </Alert>
      )}
      {gitops && <GitopsChangeView gitops={gitops} />}
      {preview.notes.length > 0 && (
        <ul aria-label="Notes" style={{ paddingLeft: 20, margin: '8px 0' }}>
          {preview.notes.map(note => (
            <Typography key={note} component="li" variant="body2">
              {note}
            </Typography>
          ))}
        </ul>
      )}
    </section>
  );
}
