import {
  InfoCard,
  MissingAnnotationEmptyState,
  Progress,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import HistoryIcon from '@material-ui/icons/History';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  DeployMarkerView,
  DeploymentsResponse,
  hasArgoCdAnnotations,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  RolloutRef,
  RolloutsResponse,
  RolloutView,
} from '@go-delivery/plugin-delivery-common';
import { useState } from 'react';
import { CARD_TITLE_PROPS } from '../../utils/cardTitle';
import {
  hasKubernetesAnnotations,
  isGoldenSignalsAvailable,
  isRolloutHealthAvailable,
} from '../../utils/entityPredicates';
import { useDeployments } from '../ArgoCdDeploymentCard';
import { GoldenSignalsPanel, MetricsRangeOption } from '../GoldenSignalsCard';
import { RequestErrorPanel } from '../RequestErrorPanel';
import { RollbackDialog, RollbackPreselection } from '../RollbackDialog';
import { UpstreamFailures } from '../UpstreamFailures';
import { ArgoCdBrief } from './ArgoCdBrief';
import { PromoteFullDialog } from './PromoteFullDialog';
import { RolloutSummary } from './RolloutSummary';
import {
  ACTION_LABELS,
  CardRolloutAction,
  rolloutKey,
  useRolloutActions,
} from './useRolloutActions';
import { useRolloutPermissions } from './useRolloutPermissions';
import { useRollouts } from './useRollouts';

/** @public */
export interface RolloutHealthCardProps {
  /** How often to read the Rollouts again while a canary moves on; 0 turns it off. */
  pollIntervalMs?: number;
  /** The range of the golden signals shown first. */
  defaultRange?: MetricsRangeOption;
}

/**
 * Whether a deploy is what the application runs now (the newest entry of its history, or an
 * earlier one of the same revision), which there is no rolling back to.
 */
function isCurrentDeploy(
  deploy: DeployMarkerView,
  deployments: DeploymentsResponse | undefined,
): boolean {
  const app = deployments?.applications.find(
    a => a.instance === deploy.instance && a.name === deploy.application,
  );
  if (!app) return false;
  const newest = app.history[0]?.id;
  return (
    (newest !== undefined && newest === deploy.id) ||
    (deploy.revision !== undefined && deploy.revision === app.sync.revision)
  );
}

function RolloutsSection(props: {
  state: { value?: RolloutsResponse; loading: boolean; error?: Error };
  render: (rollout: RolloutView) => React.ReactNode;
}) {
  const { value, loading, error } = props.state;
  if (loading && !value) return <Progress />;
  if (error) return <RequestErrorPanel error={error} title="Argo Rollouts" />;
  if (!value) return null;
  return (
    <>
      <UpstreamFailures failures={value.failures} />
      {value.rollouts.length === 0 && value.failures.length === 0 && (
        <Typography variant="body2" color="textSecondary" component="p">
          No Argo Rollouts found (searched{' '}
          {value.clusters.join(', ') || 'no configured cluster'} for Rollouts
          labelled by the {KUBERNETES_ID_ANNOTATION} or{' '}
          {KUBERNETES_LABEL_SELECTOR_ANNOTATION} annotation).
        </Typography>
      )}
      {value.rollouts.map(props.render)}
    </>
  );
}

function RolloutHealthInfoCard(props: {
  pollIntervalMs: number;
  defaultRange?: MetricsRangeOption;
}) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const withRollouts = hasKubernetesAnnotations(entity);
  const withArgoCd = hasArgoCdAnnotations(entity);
  const withSignals = isGoldenSignalsAvailable(entity);
  const rollouts = useRollouts({
    enabled: withRollouts,
    pollIntervalMs: props.pollIntervalMs,
  });
  const deployments = useDeployments({ enabled: withArgoCd });
  const { canPromote, canAbort, canRollback } =
    useRolloutPermissions(entityRef);
  const actions = useRolloutActions();
  const [rollback, setRollback] = useState<{
    preselect?: RollbackPreselection;
  }>();
  const [promoteFull, setPromoteFull] = useState<RolloutRef>();

  const onAction = (action: CardRolloutAction, rollout: RolloutView) => {
    if (action === 'promote-full') setPromoteFull(rollout);
    else actions.perform(action, rollout);
  };
  const onAbort = (rollout: RolloutView) =>
    setRollback({
      preselect: {
        kind: 'abort-canary',
        rollout: {
          cluster: rollout.cluster,
          namespace: rollout.namespace,
          name: rollout.name,
        },
      },
    });
  const renderDeployAction = (deploy: DeployMarkerView) =>
    deploy.id === undefined ||
    isCurrentDeploy(deploy, deployments.value) ? null : (
      <Button
        size="small"
        variant="outlined"
        style={{ whiteSpace: 'nowrap' }}
        aria-label={`Roll back to this: ${deploy.application} #${deploy.id}`}
        onClick={() =>
          setRollback({
            preselect: {
              instance: deploy.instance,
              application: deploy.application,
              historyId: deploy.id,
            },
          })
        }
      >
        Roll back to this
      </Button>
    );
  const refresh = () => {
    rollouts.retry();
    deployments.retry();
  };

  return (
    <InfoCard
      title="Rollout health"
      titleTypographyProps={CARD_TITLE_PROPS}
      subheader="Argo Rollouts, Argo CD and Prometheus"
      action={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          {(canRollback || canAbort) && (
            <Button
              variant="outlined"
              color="secondary"
              startIcon={<HistoryIcon />}
              onClick={() => setRollback({})}
            >
              Roll back
            </Button>
          )}
          <IconButton aria-label="Refresh rollout health" onClick={refresh}>
            <RefreshIcon />
          </IconButton>
        </Box>
      }
    >
      {actions.error && (
        <Alert
          severity="error"
          onClose={actions.dismissError}
          style={{ marginBottom: 8 }}
        >
          Could not {ACTION_LABELS[actions.error.action]}{' '}
          {actions.error.rollout.name}: {actions.error.message}
        </Alert>
      )}
      {withRollouts && (
        <RolloutsSection
          state={rollouts}
          render={rollout => (
            <RolloutSummary
              key={rolloutKey(rollout)}
              rollout={rollout}
              actions={{
                canPromote,
                canAbort,
                busy: actions.pending !== undefined,
                pending:
                  actions.pending?.key === rolloutKey(rollout)
                    ? actions.pending.action
                    : undefined,
              }}
              onAction={onAction}
              onAbort={onAbort}
            />
          )}
        />
      )}
      {withArgoCd && (
        <ArgoCdBrief
          value={deployments.value}
          loading={deployments.loading}
          error={deployments.error}
        />
      )}
      {withSignals && (
        <Box marginTop={2}>
          <Typography variant="subtitle1" component="h3">
            Golden signals
          </Typography>
          <GoldenSignalsPanel
            defaultRange={props.defaultRange}
            repoURL={deployments.value?.applications[0]?.source?.repoURL}
            renderDeployAction={canRollback ? renderDeployAction : undefined}
          />
        </Box>
      )}
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
          actions.perform('promote-full', rollout);
        }}
      />
    </InfoCard>
  );
}

/**
 * How the entity's rollouts are doing, in one place: each Argo Rollout's phase, canary steps
 * and weights, pod hashes and images, pauses and analysis; the Argo CD status of its
 * applications; the golden signals with each deploy judged. Promote, abort and retry, and the
 * rollback dialog (also one click from any earlier deploy), show only for people the
 * permission policy allows.
 *
 * @public
 */
export function RolloutHealthCard(props: RolloutHealthCardProps) {
  const { entity } = useEntity();
  if (!isRolloutHealthAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState
        annotation={[
          KUBERNETES_ID_ANNOTATION,
          KUBERNETES_LABEL_SELECTOR_ANNOTATION,
          ARGOCD_APP_NAME_ANNOTATION,
          ARGOCD_APP_SELECTOR_ANNOTATION,
        ]}
      />
    );
  }
  return (
    <RolloutHealthInfoCard
      pollIntervalMs={props.pollIntervalMs ?? 15_000}
      defaultRange={props.defaultRange}
    />
  );
}
