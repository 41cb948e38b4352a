import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import HistoryIcon from '@material-ui/icons/History';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  deliveryRollbackPermission,
  hasArgoCdAnnotations,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  rolloutAbortPermission,
  rolloutPromotePermission,
  RolloutRef,
  RolloutView,
} from '@go-delivery/plugin-delivery-common';
import { useState } from 'react';
import {
  ActionErrorAlert,
  AnnotationGate,
  DataView,
  DeliveryCard,
  useEntityPermissions,
} from '../../kit';
import { clusterObjectKey, clusterObjectRef } from '../../utils/clusterObject';
import {
  hasKubernetesAnnotations,
  isGoldenSignalsAvailable,
  isRolloutHealthAvailable,
} from '../../utils/entityPredicates';
import { useDeployments } from '../ArgoCdDeploymentCard';
import { GoldenSignalsPanel, MetricsRangeOption } from '../GoldenSignalsCard';
import { RollbackDialog, RollbackPreselection } from '../RollbackDialog';
import { ArgoCdBrief } from './ArgoCdBrief';
import { DeployRollbackButton } from './DeployRollbackButton';
import { PromoteFullDialog } from './PromoteFullDialog';
import { RolloutSummary } from './RolloutSummary';
import { UndoDialog } from './UndoDialog';
import { CardRolloutAction, useRolloutActions } from './useRolloutActions';
import { useRollouts } from './useRollouts';

/** @public */
export interface RolloutHealthCardProps {
  /** How often to read the Rollouts again while a canary moves on; 0 turns it off. */
  pollIntervalMs?: number;
  /** The range of the golden signals shown first. */
  defaultRange?: MetricsRangeOption;
}

const ROLLOUT_PERMISSIONS = {
  /** Promote, promote-full and retry. */
  canPromote: rolloutPromotePermission,
  canAbort: rolloutAbortPermission,
  canRollback: deliveryRollbackPermission,
};

function RolloutHealthInfoCard(props: {
  pollIntervalMs: number;
  defaultRange?: MetricsRangeOption;
}) {
  const { entity } = useEntity();
  const withRollouts = hasKubernetesAnnotations(entity);
  const withArgoCd = hasArgoCdAnnotations(entity);
  const rollouts = useRollouts({
    enabled: withRollouts,
    pollIntervalMs: props.pollIntervalMs,
  });
  const deployments = useDeployments({ enabled: withArgoCd });
  const { canPromote, canAbort, canRollback } =
    useEntityPermissions(ROLLOUT_PERMISSIONS);
  const actions = useRolloutActions();
  const [rollback, setRollback] = useState<{
    preselect?: RollbackPreselection;
  }>();
  const [promoteFull, setPromoteFull] = useState<RolloutRef>();
  const [undo, setUndo] = useState<RolloutView>();

  const onAction = (action: CardRolloutAction, rollout: RolloutView) => {
    if (action === 'promote-full') setPromoteFull(rollout);
    else actions.perform({ action, rollout });
  };
  const onAbort = (rollout: RolloutView) =>
    setRollback({
      preselect: { kind: 'abort-canary', rollout: clusterObjectRef(rollout) },
    });
  const pendingOn = (rollout: RolloutView) =>
    actions.pending &&
    clusterObjectKey(actions.pending.rollout) === clusterObjectKey(rollout)
      ? actions.pending.action
      : undefined;

  return (
    <>
      <DeliveryCard
        title="Rollout health"
        subheader="Argo Rollouts, Argo CD and Prometheus"
        refreshes="rollout health"
        onRefresh={() => {
          rollouts.retry();
          deployments.retry();
        }}
        actions={
          (canRollback || canAbort) && (
            <Button
              variant="outlined"
              color="secondary"
              startIcon={<HistoryIcon />}
              onClick={() => setRollback({})}
            >
              Roll back
            </Button>
          )
        }
        notice={
          <ActionErrorAlert
            error={actions.error}
            onClose={actions.dismissError}
          />
        }
      >
        {withRollouts && (
          <DataView
            data={rollouts}
            errorTitle="Argo Rollouts"
            failures={value => value.failures}
            empty={value =>
              value.rollouts.length === 0 && (
                <Typography variant="body2" color="textSecondary" component="p">
                  No Argo Rollouts found (searched{' '}
                  {value.clusters.join(', ') || 'no configured cluster'} for
                  Rollouts labelled by the {KUBERNETES_ID_ANNOTATION} or{' '}
                  {KUBERNETES_LABEL_SELECTOR_ANNOTATION} annotation).
                </Typography>
              )
            }
          >
            {value =>
              value.rollouts.map(rollout => (
                <RolloutSummary
                  key={clusterObjectKey(rollout)}
                  rollout={rollout}
                  actions={{
                    canPromote,
                    canAbort,
                    // The backend checks the rollback permission for undo.
                    canUndo: canRollback,
                    busy: actions.pending !== undefined,
                    pending: pendingOn(rollout),
                  }}
                  onAction={onAction}
                  onAbort={onAbort}
                  onUndo={setUndo}
                />
              ))
            }
          </DataView>
        )}
        {withArgoCd && <ArgoCdBrief data={deployments} />}
        {isGoldenSignalsAvailable(entity) && (
          <Box marginTop={2}>
            <Typography variant="subtitle1" component="h3">
              Golden signals
            </Typography>
            <GoldenSignalsPanel
              defaultRange={props.defaultRange}
              repoURL={deployments.value?.applications[0]?.source?.repoURL}
              renderDeployAction={
                canRollback
                  ? deploy => (
                      <DeployRollbackButton
                        deploy={deploy}
                        deployments={deployments.value}
                        onRollback={preselect => setRollback({ preselect })}
                      />
                    )
                  : undefined
              }
            />
          </Box>
        )}
      </DeliveryCard>
      <RollbackDialog
        open={rollback !== undefined}
        onClose={() => setRollback(undefined)}
        preselect={rollback?.preselect}
        permissions={{ canAbort, canRollback }}
      />
      <PromoteFullDialog
        rollout={promoteFull}
        onClose={() => setPromoteFull(undefined)}
        onConfirm={rollout => {
          setPromoteFull(undefined);
          actions.perform({ action: 'promote-full', rollout });
        }}
      />
      <UndoDialog rollout={undo} onClose={() => setUndo(undefined)} />
    </>
  );
}

/**
 * How the entity's rollouts are doing, in one place: each Argo Rollout's phase, canary steps
 * and weights, pod hashes and images, pauses and analysis; the Argo CD status of its
 * applications; the golden signals with each deploy judged. Promote, abort, retry and undo, and the
 * rollback dialog (also one click from any earlier deploy), show only for people the
 * permission policy allows.
 *
 * @public
 */
export function RolloutHealthCard(props: RolloutHealthCardProps) {
  return (
    <AnnotationGate
      when={isRolloutHealthAvailable}
      annotation={[
        KUBERNETES_ID_ANNOTATION,
        KUBERNETES_LABEL_SELECTOR_ANNOTATION,
        ARGOCD_APP_NAME_ANNOTATION,
        ARGOCD_APP_SELECTOR_ANNOTATION,
      ]}
    >
      <RolloutHealthInfoCard
        pollIntervalMs={props.pollIntervalMs ?? 15_000}
        defaultRange={props.defaultRange}
      />
    </AnnotationGate>
  );
}
