import Typography from '@material-ui/core/Typography';
import { EnvironmentErrorBudget } from '@go-delivery/plugin-delivery-common';
import { SummarySection } from '../../kit';
import { percent, thresholdText } from './errorBudgetFormat';
import { ObjectiveFacts } from './ObjectiveFacts';

/** The budgets of one environment (or of the whole service), each objective apart. */
export function EnvironmentBudgetSection(props: {
  budget: EnvironmentErrorBudget;
}) {
  const { budget } = props;
  const scope = budget.environment ?? 'the whole service';
  return (
    <SummarySection
      label={`Error budget of ${scope}`}
      heading={budget.environment ?? 'Whole service'}
      chips={
        budget.namespace && (
          <Typography variant="body2" color="textSecondary" component="span">
            namespace {budget.namespace}
          </Typography>
        )
      }
    >
      <ObjectiveFacts
        name="Availability"
        promise={`${percent(
          budget.availability.objective,
          3,
        )} of requests succeed`}
        budget={budget.availability}
        scope={scope}
      />
      {budget.latency && (
        <ObjectiveFacts
          name="Latency"
          promise={`${percent(
            budget.latency.objective,
            3,
          )} of requests faster than ${thresholdText(
            budget.latency.thresholdSeconds,
          )}`}
          budget={budget.latency}
          scope={scope}
        />
      )}
    </SummarySection>
  );
}
