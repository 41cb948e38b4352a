import {
  isTektonEnabled,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  pipelineRunCancelPermission,
  pipelineRunRerunPermission,
  PipelineRunRef,
  TEKTON_CICD_ANNOTATION,
} from '@go-delivery/plugin-delivery-common';
import { useState } from 'react';
import {
  ActionErrorAlert,
  AnnotationGate,
  DeliveryCard,
  SearchedEmptyState,
  useEntityPermissions,
} from '../../kit';
import { CancelRunDialog } from './CancelRunDialog';
import { PipelineRunsTable } from './PipelineRunsTable';
import { StepLogDialog, StepLogTarget } from './StepLogDialog';
import { usePipelineRuns } from './usePipelineRuns';
import { useRunActions } from './useRunActions';

/** @public */
export interface PipelineRunsCardProps {
  /** How many of the most recent runs to show. */
  limit?: number;
  /** How often to read the runs again while one is going; 0 turns it off. */
  pollIntervalMs?: number;
}

const RUN_PERMISSIONS = {
  canRerun: pipelineRunRerunPermission,
  canCancel: pipelineRunCancelPermission,
};

function PipelineRunsInfoCard(props: Required<PipelineRunsCardProps>) {
  const runs = usePipelineRuns({ pollIntervalMs: props.pollIntervalMs });
  const { canRerun, canCancel } = useEntityPermissions(RUN_PERMISSIONS);
  const actions = useRunActions({ onDone: runs.retry });
  const [confirmCancel, setConfirmCancel] = useState<PipelineRunRef>();
  const [logTarget, setLogTarget] = useState<StepLogTarget>();

  return (
    <>
      <DeliveryCard
        title="Pipeline runs"
        subheader="Tekton"
        refreshes="pipeline runs"
        notice={
          <ActionErrorAlert
            error={actions.error}
            onClose={actions.dismissError}
          />
        }
        data={runs}
        failures={value => value.failures}
        empty={value =>
          value.runs.length === 0 && (
            <SearchedEmptyState
              title="No pipeline runs found"
              searched={value.clusters}
              kind="cluster"
              hint={` for PipelineRuns labelled by the ${KUBERNETES_ID_ANNOTATION} or ${KUBERNETES_LABEL_SELECTOR_ANNOTATION} annotation of this entity.`}
            />
          )
        }
      >
        {value => (
          <PipelineRunsTable
            runs={value.runs.slice(0, props.limit)}
            canRerun={canRerun}
            canCancel={canCancel}
            pending={actions.pending}
            onRerun={run => actions.perform({ action: 'rerun', run })}
            onCancel={setConfirmCancel}
            onShowLog={setLogTarget}
          />
        )}
      </DeliveryCard>
      <CancelRunDialog
        run={confirmCancel}
        onClose={() => setConfirmCancel(undefined)}
        onConfirm={run => {
          setConfirmCancel(undefined);
          actions.perform({ action: 'cancel', run });
        }}
      />
      <StepLogDialog
        target={logTarget}
        onClose={() => setLogTarget(undefined)}
      />
    </>
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
  return (
    <AnnotationGate when={isTektonEnabled} annotation={TEKTON_CICD_ANNOTATION}>
      <PipelineRunsInfoCard
        limit={props.limit ?? 10}
        pollIntervalMs={props.pollIntervalMs ?? 15_000}
      />
    </AnnotationGate>
  );
}
