import {
  ErrorBudgetResponse,
  ObjectiveBudget,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { screen, within } from '@testing-library/react';
import {
  renderWithEntity,
  serviceEntity,
} from '../../__testUtils__/renderWithEntity';
import { ErrorBudgetCard } from './ErrorBudgetCard';

const SLO = { 'go-delivery.dev/slo-availability': '99.5' };
const ref = { kind: 'Component', namespace: 'default', name: 'payments-api' };

function objective(
  budget: Partial<ObjectiveBudget> & Pick<ObjectiveBudget, 'status'>,
): ObjectiveBudget {
  return {
    objective: 0.995,
    sli: 0.999,
    budgetRemaining: 0.8,
    burnRates: { '1h': 0.2, '6h': 0.2 },
    requests: 2_592_000,
    ...budget,
  };
}

const slo = {
  availability: 0.995,
  latency: { thresholdSeconds: 0.3, objective: 0.99 },
  windowDays: 3,
};

const paymentsBudget: ErrorBudgetResponse = {
  slo,
  instance: 'main',
  failures: [],
  budgets: [
    {
      environment: 'dev',
      namespace: 'payments-dev',
      availability: objective({
        sli: 0.997625,
        budgetRemaining: 0.525,
        burnRates: { '1h': 20, '6h': 3.5 },
        status: 'burning',
      }),
      latency: {
        ...objective({
          objective: 0.99,
          sli: 1,
          budgetRemaining: 1,
          status: 'healthy',
        }),
        thresholdSeconds: 0.3,
      },
    },
    {
      environment: 'prod',
      namespace: 'payments',
      availability: objective({
        sli: 0.98,
        budgetRemaining: -3,
        burnRates: { '1h': 4, '6h': 4 },
        requests: 12_960_000,
        status: 'exhausted',
      }),
      latency: {
        ...objective({
          objective: 0.99,
          sli: 0.946,
          budgetRemaining: -4.4,
          burnRates: { '1h': 5.4, '6h': 5.4 },
          status: 'exhausted',
        }),
        thresholdSeconds: 0.3,
      },
    },
  ],
};

const prometheusDown: UpstreamFailure = {
  kind: 'prometheus',
  instance: 'main',
  reason: 'unreachable',
  message: "Prometheus 'main': unreachable: ECONNREFUSED",
};

function renderCard(
  getErrorBudget: jest.Mock,
  annotations: Record<string, string> = SLO,
) {
  return renderWithEntity(<ErrorBudgetCard />, {
    entity: serviceEntity('payments-api', annotations),
    api: { getErrorBudget },
  });
}

describe('ErrorBudgetCard', () => {
  it('shows each environment’s objectives, budget, SLI, burn rates and status', async () => {
    const getErrorBudget = jest.fn().mockResolvedValue(paymentsBudget);
    await renderCard(getErrorBudget);
    const card = screen.getByRole('region', { name: 'Error budget' });
    expect(
      within(card).getByRole('heading', { level: 2, name: 'Error budget' }),
    ).toBeInTheDocument();
    expect(
      await within(card).findByText(/Last 3 days · Prometheus main/),
    ).toBeInTheDocument();
    expect(getErrorBudget).toHaveBeenCalledWith(ref);

    const dev = within(
      within(card).getByRole('region', { name: 'Error budget of dev' }),
    );
    expect(dev.getByText('namespace payments-dev')).toBeInTheDocument();
    const availability = within(
      // The facts list (a <dl>) is named after the objective and environment.
      dev.getByLabelText('Availability of dev'),
    );
    expect(
      availability.getByText('99.5 % of requests succeed'),
    ).toBeInTheDocument();
    expect(availability.getByText('52.5 % left')).toBeInTheDocument();
    expect(
      availability.getByText('99.763 % of 2,592,000 requests'),
    ).toBeInTheDocument();
    expect(availability.getByText('1 h 20× · 6 h 3.5×')).toBeInTheDocument();
    expect(
      dev.getByRole('progressbar', {
        name: 'Availability budget remaining in dev',
      }),
    ).toHaveAttribute('aria-valuenow', '53');
    expect(dev.getByText('Burning')).toBeInTheDocument();
    expect(
      dev.getByText('99 % of requests faster than 300 ms'),
    ).toBeInTheDocument();
    expect(dev.getByText('Healthy')).toBeInTheDocument();

    const prod = within(
      within(card).getByRole('region', { name: 'Error budget of prod' }),
    );
    expect(prod.getByText('overspent by 300 %')).toBeInTheDocument();
    expect(prod.getByText('overspent by 440 %')).toBeInTheDocument();
    expect(prod.getAllByText('Exhausted')).toHaveLength(2);
    expect(
      prod.getByRole('progressbar', {
        name: 'Availability budget remaining in prod',
      }),
    ).toHaveAttribute('aria-valuenow', '0');
  });

  it('names the whole service when the entity has no environments, and says when there is no traffic', async () => {
    await renderCard(
      jest.fn().mockResolvedValue({
        slo: { availability: 0.999, windowDays: 30 },
        instance: 'main',
        failures: [],
        budgets: [
          {
            availability: objective({
              objective: 0.999,
              sli: null,
              budgetRemaining: null,
              burnRates: { '1h': null, '6h': null },
              requests: 0,
              status: 'no-data',
            }),
          },
        ],
      } satisfies ErrorBudgetResponse),
    );
    const whole = within(
      await screen.findByRole('region', {
        name: 'Error budget of the whole service',
      }),
    );
    expect(
      whole.getByRole('heading', { name: 'Whole service' }),
    ).toBeInTheDocument();
    expect(whole.getByText('No data')).toBeInTheDocument();
    expect(
      whole.getByText('1 h no traffic · 6 h no traffic'),
    ).toBeInTheDocument();
    expect(whole.getAllByText('no traffic')).toHaveLength(2);
    expect(screen.getByText(/Last 30 days/)).toBeInTheDocument();
    expect(screen.queryByText(/Latency/)).toBeNull();
  });

  it('names the upstreams that failed, above the budgets the others gave', async () => {
    const argoCdDown: UpstreamFailure = {
      kind: 'argocd',
      instance: 'staging',
      reason: 'timeout',
      message: "Argo CD 'staging': no answer within 5000 ms",
    };
    await renderCard(
      jest.fn().mockResolvedValue({
        ...paymentsBudget,
        failures: [argoCdDown],
      }),
    );
    expect(await screen.findByText(argoCdDown.message)).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Error budget of prod' }),
    ).toBeInTheDocument();
  });

  it('shows a Prometheus that could not be asked instead of an empty card', async () => {
    await renderCard(
      jest.fn().mockResolvedValue({
        slo,
        instance: 'main',
        budgets: [],
        failures: [prometheusDown],
      } satisfies ErrorBudgetResponse),
    );
    expect(await screen.findByText(prometheusDown.message)).toBeInTheDocument();
    expect(screen.queryByText('No error budget to show')).toBeNull();
  });

  it('shows the backend’s error, titled', async () => {
    await renderCard(
      jest
        .fn()
        .mockRejectedValue(
          new Error("Annotation 'go-delivery.dev/slo-window' is invalid"),
        ),
    );
    expect(
      await screen.findByText(
        /Error budget: Annotation 'go-delivery.dev\/slo-window' is invalid/,
      ),
    ).toBeInTheDocument();
  });

  it('explains the annotation to set, asking nothing, for an entity without an objective', async () => {
    const getErrorBudget = jest.fn();
    await renderCard(getErrorBudget, {});
    expect(
      screen.getAllByText(/go-delivery.dev\/slo-availability/).length,
    ).toBeGreaterThan(0);
    expect(getErrorBudget).not.toHaveBeenCalled();
  });
});
