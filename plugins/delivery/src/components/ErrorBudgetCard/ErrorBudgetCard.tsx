import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  ErrorBudgetResponse,
  isErrorBudgetAvailable,
  SLO_AVAILABILITY_ANNOTATION,
} from '@go-delivery/plugin-delivery-common';
import { AnnotationGate, DeliveryCard } from '../../kit';
import { EnvironmentBudgetSection } from './EnvironmentBudgetSection';
import { windowText } from './errorBudgetFormat';
import { useErrorBudget } from './useErrorBudget';

function ErrorBudgetBody(props: { value: ErrorBudgetResponse }) {
  const { value } = props;
  return (
    <>
      <Typography variant="body2" color="textSecondary" component="p">
        Last {windowText(value.slo.windowDays)}
        {value.instance && ` · Prometheus ${value.instance}`} · a burn rate of
        1× spends the budget exactly over the window; 6× or more over 1 h or 6 h
        is burning.
      </Typography>
      {value.budgets.map(budget => (
        <EnvironmentBudgetSection
          key={`${budget.environment}/${budget.namespace}`}
          budget={budget}
        />
      ))}
    </>
  );
}

function ErrorBudgetInfoCard() {
  const budgets = useErrorBudget();
  return (
    <DeliveryCard
      title="Error budget"
      subheader="Service level objectives per environment, from Prometheus"
      refreshes="error budget"
      data={budgets}
      errorTitle="Error budget"
      failures={value => value.failures}
      empty={value =>
        value.budgets.length === 0 && (
          <EmptyState
            missing="data"
            title="No error budget to show"
            description="Prometheus gave no answer for this service's objectives."
          />
        )
      }
    >
      {value => <ErrorBudgetBody value={value} />}
    </DeliveryCard>
  );
}

/**
 * The error budget of each environment of the entity (the namespaces its Argo CD applications
 * deploy to, or the whole service): the objectives, the budget left over the SLO window, the SLI,
 * the 1 h and 6 h burn rates and a status. Shown for entities with an availability objective.
 *
 * @public
 */
export function ErrorBudgetCard() {
  return (
    <section aria-label="Error budget">
      <AnnotationGate
        when={isErrorBudgetAvailable}
        annotation={SLO_AVAILABILITY_ANNOTATION}
      >
        <ErrorBudgetInfoCard />
      </AnnotationGate>
    </section>
  );
}
