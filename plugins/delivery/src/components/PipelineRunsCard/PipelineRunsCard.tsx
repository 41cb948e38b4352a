import {
  EmptyState,
  InfoCard,
  MissingAnnotationEmptyState,
  Progress,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CARD_TITLE_PROPS } from '../../utils/cardTitle';
import IconButton from '@material-ui/core/IconButton';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import {
  isTektonEnabled,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  PipelineRunRef,
  TEKTON_CICD_ANNOTATION,
} from '@go-delivery/plugin-delivery-common';
import { useState } from 'react';
import { RequestErrorPanel } from '../RequestErrorPanel';
import { UpstreamFailures } from '../UpstreamFailures';
import { CancelRunDialog } from './CancelRunDialog';
import { PipelineRunsTable } from './PipelineRunsTable';
import { StepLogDialog, StepLogTarget } from './StepLogDialog';
import { usePipelineRuns } from './usePipelineRuns';
import { useRunActions } from './useRunActions';
import { useRunPermissions } from './useRunPermissions';

/** @public */
export interface PipelineRunsCardProps {
  /** How many of the most recent runs to show. */
  limit?: number;
  /** How often to read the runs again while one is going; 0 turns it off. */
  pollIntervalMs?: number;
}

function PipelineRunsInfoCard(props: Required<PipelineRunsCardProps>) {
  const { entity } = useEntity();
  const { value, loading, error, retry } = usePipelineRuns({
    pollIntervalMs: props.pollIntervalMs,
  });
  const { canRerun, canCancel } = useRunPermissions(stringifyEntityRef(entity));
  const actions = useRunActions({ onDone: retry });
  const [confirmCancel, setConfirmCancel] = useState<PipelineRunRef>();
  const [logTarget, setLogTarget] = useState<StepLogTarget>();

  let body: React.ReactNode;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = <RequestErrorPanel error={error} />;
  } else if (value) {
    body = (
      <>
        <UpstreamFailures failures={value.failures} />
        {value.runs.length === 0 && value.failures.length === 0 && (
          <EmptyState
            missing="data"
            title="No pipeline runs found"
            description={`Searched ${
              value.clusters.join(', ') || 'no configured cluster'
            } for PipelineRuns labelled by the ${KUBERNETES_ID_ANNOTATION} or ${KUBERNETES_LABEL_SELECTOR_ANNOTATION} annotation of this entity.`}
          />
        )}
        {value.runs.length > 0 && (
          <PipelineRunsTable
            runs={value.runs.slice(0, props.limit)}
            canRerun={canRerun}
            canCancel={canCancel}
            pending={actions.pending}
            onRerun={run => actions.perform('rerun', run)}
            onCancel={setConfirmCancel}
            onShowLog={setLogTarget}
          />
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Pipeline runs"
      titleTypographyProps={CARD_TITLE_PROPS}
      subheader="Tekton"
      action={
        <IconButton aria-label="Refresh pipeline runs" onClick={retry}>
          <RefreshIcon />
        </IconButton>
      }
    >
      {actions.error && (
        <Alert
          severity="error"
          onClose={actions.dismissError}
          style={{ marginBottom: 8 }}
        >
          Could not {actions.error.action} {actions.error.run.name}:{' '}
          {actions.error.message}
        </Alert>
      )}
      {body}
      <CancelRunDialog
        run={confirmCancel}
        onClose={() => setConfirmCancel(undefined)}
        onConfirm={run => {
          setConfirmCancel(undefined);
          actions.perform('cancel', run);
        }}
      />
      <StepLogDialog
        target={logTarget}
        onClose={() => setLogTarget(undefined)}
      />
    </InfoCard>
  );
}

/**
 * The entity's recent Tekton pipeline runs: status, commit, branch, duration and a bar of their
 * tasks; each run expands to its steps and their logs. Rerun and cancel show only for people the
 * permission policy allows.
 *
 * @public
 */
export function PipelineRunsCard(props: PipelineRunsCardProps) {
  const { entity } = useEntity();
  if (!isTektonEnabled(entity)) {
    return <MissingAnnotationEmptyState annotation={TEKTON_CICD_ANNOTATION} />;
  }
  return (
    <PipelineRunsInfoCard
      limit={props.limit ?? 10}
      pollIntervalMs={props.pollIntervalMs ?? 15_000}
    />
  );
}
