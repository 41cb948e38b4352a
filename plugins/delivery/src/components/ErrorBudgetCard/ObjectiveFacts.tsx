import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ObjectiveBudget } from '@go-delivery/plugin-delivery-common';
import { Fact, Facts } from '../Facts';
import { BudgetBar } from './BudgetBar';
import { BudgetStatusChip } from './BudgetStatusChip';
import { burnRate, sliText } from './errorBudgetFormat';

/** One objective of one environment: its status, what it promises, the budget, SLI and burn rates. */
export function ObjectiveFacts(props: {
  /** `Availability` or `Latency`. */
  name: string;
  /** What the objective promises, e.g. `99.9 % of requests succeed`. */
  promise: string;
  budget: ObjectiveBudget;
  /** The environment, to name the facts and the bar apart from the other environments'. */
  scope: string;
}) {
  const { name, promise, budget, scope } = props;
  return (
    <Box marginTop={1}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="subtitle2" component="h4">
          {name}
        </Typography>
        <BudgetStatusChip status={budget.status} />
      </Box>
      <Facts label={`${name} of ${scope}`}>
        <Fact label="Objective">{promise}</Fact>
        <Fact label="Budget remaining">
          <BudgetBar
            remaining={budget.budgetRemaining}
            label={`${name} budget remaining in ${scope}`}
          />
        </Fact>
        <Fact label="SLI over the window">
          {sliText(budget.sli)}
          {budget.requests > 0 &&
            ` of ${budget.requests.toLocaleString('en-US')} requests`}
        </Fact>
        <Fact label="Burn rate">
          1 h {burnRate(budget.burnRates['1h'])} · 6 h{' '}
          {burnRate(budget.burnRates['6h'])}
        </Fact>
      </Facts>
    </Box>
  );
}
