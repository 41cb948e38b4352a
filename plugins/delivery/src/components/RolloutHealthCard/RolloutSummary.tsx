import Chip from '@material-ui/core/Chip';
import Alert from '@material-ui/lab/Alert';
import { RolloutView } from '@go-delivery/plugin-delivery-common';
import { SummarySection } from '../../kit';
import { Detail, Fact, Facts, FactStatus } from '../Facts';
import { RelativeTime } from '../RelativeTime';
import { RolloutPhaseStatus } from '../StatusIndicators';
import { UpstreamFailures } from '../UpstreamFailures';
import { AnalysisRuns } from './AnalysisRuns';
import {
  CanaryProgress,
  CanaryWeights,
  PauseConditions,
} from './CanaryProgress';
import { RolloutActions, RolloutActionsState } from './RolloutActions';
import { ReplicaSetsTable, RolloutPodFacts } from './RolloutPods';
import { CardRolloutAction } from './useRolloutActions';

const STRATEGY_LABELS: Record<RolloutView['strategy'], string> = {
  canary: 'canary',
  blueGreen: 'blue-green',
  unknown: 'strategy not known',
};

/** Everything the card shows about one Rollout, and the actions it offers. */
export function RolloutSummary(props: {
  rollout: RolloutView;
  actions: RolloutActionsState;
  onAction: (action: CardRolloutAction, rollout: RolloutView) => void;
  onAbort: (rollout: RolloutView) => void;
  onUndo: (rollout: RolloutView) => void;
}) {
  const { rollout } = props;
  return (
    <SummarySection
      label={`Rollout ${rollout.name}`}
      heading={rollout.name}
      chips={
        <>
          <Chip size="small" label={rollout.cluster} title="Cluster" />
          <Chip
            size="small"
            variant="outlined"
            label={rollout.namespace}
            title="Namespace"
          />
          <Chip
            size="small"
            variant="outlined"
            label={STRATEGY_LABELS[rollout.strategy] ?? rollout.strategy}
          />
          {rollout.revision !== undefined && (
            <Chip
              size="small"
              variant="outlined"
              label={`revision ${rollout.revision}`}
            />
          )}
        </>
      }
    >
      {rollout.aborted && (
        <Alert severity="error" style={{ marginTop: 8 }}>
          Aborted
          {rollout.abortedAt && (
            <>
              {' '}
              <RelativeTime value={rollout.abortedAt} />
            </>
          )}
          {rollout.abortedByAnalysis &&
            ` by analysis (AnalysisRun ${rollout.abortedByAnalysis.analysisRun})`}
          : all traffic is back on the stable ReplicaSet
          {rollout.stableHash ? ` ${rollout.stableHash}` : ''}. The Rollout
          stays Degraded until it is retried or its template is returned to the
          stable one.
          {rollout.abortedByAnalysis?.message && (
            <Detail>{rollout.abortedByAnalysis.message}</Detail>
          )}
        </Alert>
      )}
      <Facts>
        <Fact label="Phase">
          <FactStatus>
            <RolloutPhaseStatus phase={rollout.phase} />
          </FactStatus>
          {rollout.message && <Detail>{rollout.message}</Detail>}
        </Fact>
        {rollout.strategy === 'canary' && <CanaryProgress rollout={rollout} />}
        <CanaryWeights rollout={rollout} />
        <PauseConditions rollout={rollout} />
        <RolloutPodFacts rollout={rollout} />
      </Facts>
      <RolloutActions
        rollout={rollout}
        state={props.actions}
        onAction={props.onAction}
        onAbort={props.onAbort}
        onUndo={props.onUndo}
      />
      {rollout.detailsFailure && (
        <UpstreamFailures failures={[rollout.detailsFailure]} />
      )}
      <AnalysisRuns runs={rollout.analysisRuns} limit={3} />
      <ReplicaSetsTable rollout={rollout} />
    </SummarySection>
  );
}
