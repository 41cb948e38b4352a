import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryApi } from '../../api';
import { errorResponse } from '../../__testUtils__/errorResponse';
import {
  renderWithEntity,
  serviceEntity,
} from '../../__testUtils__/renderWithEntity';
import { deploymentsResponse } from '../../testing/viewModels';
import { DeploymentsProvider } from '../ArgoCdDeploymentCard';
import {
  noEventsDora,
  paymentsDora,
  paymentsStagingDora,
} from './__fixtures__/doraResponses';
import { DoraCard } from './DoraCard';

jest.mock('recharts', () => ({
  ...jest.requireActual('recharts'),
  ResponsiveContainer: jest.requireActual('../../__testUtils__/fixedSizeCharts')
    .FixedSizeContainer,
}));

const ARGOCD = { 'argocd/app-name': 'payments-api-prod' };
const ref = { kind: 'Component', namespace: 'default', name: 'payments-api' };

function renderCard(
  api: Partial<DeliveryApi>,
  annotations: Record<string, string> = ARGOCD,
) {
  return renderWithEntity(<DoraCard />, {
    entity: serviceEntity('payments-api', annotations),
    api,
  });
}

/** The figure's region: its title, value, level and explanation. */
async function figure(title: string) {
  return within(await screen.findByRole('region', { name: title }));
}

describe('DoraCard', () => {
  it('shows the four figures in human units, with their levels and explanations', async () => {
    const getDora = jest.fn().mockResolvedValue(paymentsDora);
    await renderCard({ getDora });

    const frequency = await figure('Deployment frequency');
    expect(frequency.getByText('3.5 / week')).toBeInTheDocument();
    expect(frequency.getByText('High')).toBeInTheDocument();
    expect(
      frequency.getByText('45 deploys to prod in 90 days: 3.5 a week.'),
    ).toBeInTheDocument();
    const leadTime = await figure('Lead time for changes');
    expect(leadTime.getByText('18 h')).toBeInTheDocument();
    expect(leadTime.getByText('Elite')).toBeInTheDocument();
    const failures = await figure('Change failure rate');
    expect(failures.getByText('4 %')).toBeInTheDocument();
    expect(failures.getByText('Medium')).toBeInTheDocument();
    expect(
      failures.getByText('2 of 45 deploys failed or were rolled back.'),
    ).toBeInTheDocument();
    const restore = await figure('Time to restore');
    expect(restore.getByText('2.1 h')).toBeInTheDocument();
    expect(restore.getByText('Low')).toBeInTheDocument();

    expect(screen.getByText(/prod, last 90 days/)).toBeInTheDocument();
    expect(screen.getByText('3 minutes ago')).toBeInTheDocument();
    // The backend chooses the environment until the reader does.
    expect(getDora).toHaveBeenCalledWith(ref, {
      days: 90,
      environment: undefined,
    });
  });

  it('reads the figures again for another period or environment', async () => {
    const getDora = jest
      .fn()
      .mockImplementation(async (_ref, query: { environment?: string }) =>
        query.environment === 'staging' ? paymentsStagingDora : paymentsDora,
      );
    await renderCard({ getDora });
    const environment = await screen.findByRole('combobox', {
      name: 'Environment of the DORA figures',
    });
    expect(environment).toHaveValue('prod');
    expect(
      within(environment)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['staging', 'prod']);

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Period of the DORA figures' }),
      '30',
    );
    await waitFor(() =>
      expect(getDora).toHaveBeenLastCalledWith(ref, {
        days: 30,
        environment: undefined,
      }),
    );

    await userEvent.selectOptions(environment, 'staging');
    await waitFor(() =>
      expect(getDora).toHaveBeenLastCalledWith(ref, {
        days: 30,
        environment: 'staging',
      }),
    );
    expect(
      (await figure('Deployment frequency')).getByText('12 / week'),
    ).toBeInTheDocument();
    expect(environment).toHaveValue('staging');
  });

  it('draws deploys and failed deploys per week as bars and the lead time as a line', async () => {
    await renderCard({ getDora: jest.fn().mockResolvedValue(paymentsDora) });
    const chart = await screen.findByRole('figure', { name: 'Weekly trend' });
    // Three weeks, a bar of each series per week (a week without a failure draws none).
    expect(chart.querySelectorAll('.recharts-bar-rectangle').length).toBe(6);
    expect(chart.querySelector('.recharts-line-curve')).not.toBeNull();
    expect(
      within(chart).getByText('3 weeks from Mar 16: 8 deploys, 1 failed.'),
    ).toBeInTheDocument();
    for (const series of ['Deploys', 'Failed deploys', 'Median lead time']) {
      expect(within(chart).getByText(series)).toBeInTheDocument();
    }
  });

  it('lists the events behind the figures when opened, revisions linked to the GitOps repository', async () => {
    await renderWithEntity(
      <DeploymentsProvider>
        <DoraCard />
      </DeploymentsProvider>,
      {
        entity: serviceEntity('payments-api', ARGOCD),
        api: {
          getDora: jest.fn().mockResolvedValue(paymentsDora),
          getDeployments: jest.fn().mockResolvedValue(deploymentsResponse),
        },
      },
    );
    const toggle = await screen.findByRole('button', {
      name: 'Events behind these figures (3)',
    });
    expect(
      screen.queryByRole('table', { name: 'Events behind these figures' }),
    ).toBeNull();
    await userEvent.click(toggle);
    const table = await screen.findByRole('table', {
      name: 'Events behind these figures',
    });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(r =>
        within(r)
          .getAllByRole('cell')
          .slice(1)
          // A link's text ends with what it opens in; the SHA is what the row shows.
          .map(c => c.textContent?.replace(/, Opens in a new window$/, '')),
      );
    expect(rows).toEqual([
      [
        'Rollback',
        'prod',
        '4b8c2f0',
        'Rolled back to 4b8c2f0 after the failed deploy of 9f1e2d3',
      ],
      [
        'Deploy (failed)',
        'prod',
        '9f1e2d3',
        'Deploy of 9f1e2d3 failed: sync error',
      ],
      ['Deploy', 'prod', '4b8c2f0', 'Deployed 4b8c2f0 to prod'],
    ]);
    expect(
      within(table).getAllByText('9f1e2d3')[0].closest('a'),
    ).toHaveAttribute(
      'href',
      'https://github.com/example-org/payments-api-gitops/commit/9f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6',
    );
  });

  it('explains where the figures come from while no event is recorded', async () => {
    await renderCard({ getDora: jest.fn().mockResolvedValue(noEventsDora) });
    expect(
      await screen.findByText('No delivery events recorded yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /records this service's deploys from Argo CD every few minutes/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Deployment frequency' }),
    ).toBeNull();
    // Nothing to choose from yet; the period stays.
    expect(
      screen.queryByRole('combobox', {
        name: 'Environment of the DORA figures',
      }),
    ).toBeNull();
    expect(
      screen.getByRole('combobox', { name: 'Period of the DORA figures' }),
    ).toBeInTheDocument();
  });

  it('shows the backend error in the card', async () => {
    await renderCard({
      getDora: jest
        .fn()
        .mockRejectedValue(
          await errorResponse(400, "Unknown environment 'qa' of payments-api"),
        ),
    });
    expect(
      await screen.findByText(
        /DORA metrics: Unknown environment 'qa' of payments-api/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Deployment frequency' }),
    ).toBeNull();
  });

  it('guides the setup without calling the backend for an entity without Argo CD applications', async () => {
    const getDora = jest.fn();
    await renderCard({ getDora }, { 'tekton.dev/cicd': 'true' });
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(getDora).not.toHaveBeenCalled();
  });
});
