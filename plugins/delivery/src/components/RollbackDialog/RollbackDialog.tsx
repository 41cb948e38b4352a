import { Progress } from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  RollbackOptionsResponse,
  RollbackPreview,
  RollbackTarget,
} from '@go-delivery/plugin-delivery-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { deliveryApiRef } from '../../api';
import {
  ActionButton,
  ActionDialog,
  ConfirmationField,
  gitChangeLabel,
  isConfirmed,
} from '../../kit';
import { RequestErrorPanel } from '../RequestErrorPanel';
import { ClaimConflicts } from '../ClaimConflicts';
import { UpstreamFailures } from '../UpstreamFailures';
import {
  findApplication,
  initialChoice,
  kindOptions,
  RollbackChoice,
  RollbackPermissions,
  RollbackPreselection,
  targetOf,
} from './rollbackChoices';
import { RollbackChoiceForm } from './RollbackChoiceForm';
import { RollbackPreviewPanel } from './RollbackPreviewPanel';
import { RollbackResultPanel } from './RollbackResultPanel';
import { useRollbackFlow } from './useRollbackFlow';

/** @public */
export interface RollbackDialogProps {
  open: boolean;
  onClose: () => void;
  /** A canary to abort or a deploy to return to, chosen where the dialog was opened. */
  preselect?: RollbackPreselection;
  /** What the permission policy allows the signed-in user. */
  permissions: RollbackPermissions;
}

const TITLE_ID = 'delivery-rollback-title';

function actionLabel(target: RollbackTarget, preview: RollbackPreview): string {
  switch (target.kind) {
    case 'abort-canary':
      return 'Abort canary';
    case 'argocd':
      return preview.willDisableAutoSync
        ? 'Disable auto-sync and roll back'
        : 'Roll back';
    default:
      return preview.gitops
        ? gitChangeLabel(preview.gitops, 'Commit rollback')
        : 'Commit rollback';
  }
}

/** The GitOps repository of the application a target names, to link revisions. */
function repoOf(
  options: RollbackOptionsResponse | undefined,
  choice: RollbackChoice | undefined,
): string | undefined {
  return options && choice
    ? findApplication(options, choice.application)?.gitops.repository
    : undefined;
}

/** One opening of the dialog: its own options, choice, preview, key and result. */
function RollbackDialogSession(props: Omit<RollbackDialogProps, 'open'>) {
  const { onClose, preselect, permissions } = props;
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const options = useAsync(
    () => api.getRollbackOptions(getCompoundEntityRef(entity)),
    [api],
  );
  const kinds = useMemo(
    () => (options.value ? kindOptions(options.value, permissions) : []),
    [options.value, permissions],
  );
  const [edited, setChoice] = useState<RollbackChoice>();
  const choice =
    edited ??
    (options.value
      ? initialChoice(options.value, kinds, preselect)
      : undefined);
  const [confirmation, setConfirmation] = useState('');
  const flow = useRollbackFlow();
  const repoURL = repoOf(options.value, choice);

  let content: React.ReactNode;
  let actions: React.ReactNode;
  if (flow.result) {
    content = <RollbackResultPanel result={flow.result} repoURL={repoURL} />;
    actions = (
      <Button color="primary" variant="contained" onClick={onClose}>
        Close
      </Button>
    );
  } else if (flow.previewed) {
    const { preview, target } = flow.previewed;
    const confirmationName = preview.confirmationRequired
      ? preview.confirmationText
      : undefined;
    content = (
      <>
        <RollbackPreviewPanel preview={preview} repoURL={repoURL} />
        {confirmationName !== undefined && (
          <ConfirmationField
            id="delivery-rollback-confirmation"
            name={confirmationName}
            value={confirmation}
            onChange={setConfirmation}
            disabled={flow.submitting}
          />
        )}
        {flow.submitError && (
          <Alert severity="error" style={{ marginTop: 8 }}>
            {flow.submitError}
          </Alert>
        )}
      </>
    );
    actions = (
      <>
        <Button
          onClick={() => {
            setConfirmation('');
            flow.back();
          }}
          disabled={flow.submitting}
        >
          Back
        </Button>
        <ActionButton
          color="secondary"
          busy={flow.submitting}
          disabled={!isConfirmed(confirmationName, confirmation)}
          onClick={() => flow.submit(confirmation.trim())}
        >
          {actionLabel(target, preview)}
        </ActionButton>
      </>
    );
  } else {
    const { target, blocker } =
      options.value && choice ? targetOf(options.value, choice) : {};
    let body: React.ReactNode;
    if (options.loading) {
      body = <Progress />;
    } else if (options.error) {
      body = <RequestErrorPanel error={options.error} />;
    } else if (options.value && choice) {
      body =
        kinds.length === 0 ? (
          <Typography variant="body2">
            You may not roll back or abort anything of this entity.
          </Typography>
        ) : (
          <RollbackChoiceForm
            options={options.value}
            kinds={kinds}
            choice={choice}
            onChange={setChoice}
            disabled={flow.previewing}
          />
        );
    }
    content = (
      <>
        {options.value && (
          <>
            <UpstreamFailures failures={options.value.failures} />
            <ClaimConflicts conflicts={options.value.conflicts} />
          </>
        )}
        {body}
        {flow.previewError && (
          <Alert severity="error" style={{ marginTop: 8 }}>
            {flow.previewError}
          </Alert>
        )}
        {options.value && blocker && kinds.length > 0 && (
          <Typography variant="caption" color="textSecondary" component="p">
            {blocker}
          </Typography>
        )}
      </>
    );
    actions = (
      <>
        <Button onClick={onClose}>Cancel</Button>
        <ActionButton
          busy={flow.previewing}
          disabled={!target}
          onClick={() => target && flow.preview(target)}
        >
          Preview
        </ActionButton>
      </>
    );
  }

  return (
    <ActionDialog
      titleId={TITLE_ID}
      title={`Roll back ${entity.metadata.title ?? entity.metadata.name}`}
      busy={flow.submitting}
      onClose={onClose}
      actions={actions}
    >
      {content}
    </ActionDialog>
  );
}

/**
 * One dialog for everything that returns the entity to a good state, offering what applies:
 * abort a running canary, Argo CD's rollback to a history entry (turning auto-sync off first
 * only when the person chooses to), or a GitOps commit or pull request pinning an earlier
 * deploy's image. Each shows the backend's dry run first, asks for the name of
 * production-like targets, and is sent once per submission.
 *
 * @public
 */
export function RollbackDialog(props: RollbackDialogProps) {
  if (!props.open) return null;
  return (
    <RollbackDialogSession
      onClose={props.onClose}
      preselect={props.preselect}
      permissions={props.permissions}
    />
  );
}
