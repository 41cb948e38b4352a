import { ResponseError } from '@backstage/errors';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryApi } from '../../api';
import { announceEntityChange } from '../../hooks/entityChanges';
import {
  renderWithEntity,
  serviceEntity,
} from '../../__testUtils__/renderWithEntity';
import {
  coverageHistoryResponse,
  coverageResponse,
  paymentsCoverage,
} from '../../testing/viewModels';
import { CoverageCard } from './CoverageCard';

jest.mock('recharts', () => ({
  ...jest.requireActual('recharts'),
  ResponsiveContainer: jest.requireActual('../../__testUtils__/fixedSizeCharts')
    .FixedSizeContainer,
}));

const COVERAGE = {
  'backstage.io/code-coverage': 'enabled',
  'backstage.io/source-location':
    'url:https://github.com/example-org/payments-api/tree/main/',
};
const ref = { kind: 'Component', namespace: 'default', name: 'payments-api' };

function renderCard(api: Partial<DeliveryApi>, annotations = COVERAGE) {
  return renderWithEntity(<CoverageCard />, {
    entity: serviceEntity('payments-api', annotations),
    api,
  });
}

const api = () => ({
  getCoverage: jest.fn().mockResolvedValue(coverageResponse),
  getCoverageHistory: jest.fn().mockResolvedValue(coverageHistoryResponse),
});

describe('CoverageCard', () => {
  it('shows progress while loading', async () => {
    await renderCard({ getCoverage: () => new Promise(() => {}) });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'InputError',
          message:
            "Annotation 'go-delivery.dev/coverage-threshold' is invalid: 'high' is not a number",
        },
        request: { method: 'GET', url: '/x' },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'content-type': 'application/json' } },
    );
    await renderCard({
      getCoverage: jest
        .fn()
        .mockRejectedValue(await ResponseError.fromResponse(response as any)),
    });
    expect(
      await screen.findByText(/coverage-threshold' is invalid/),
    ).toBeInTheDocument();
  });

  it('explains how reports arrive when there is none yet', async () => {
    const getCoverageHistory = jest.fn();
    await renderCard({
      getCoverage: jest.fn().mockResolvedValue({
        entityRef: 'component:default/payments-api',
        threshold: { percent: 75, source: 'config' },
      }),
      getCoverageHistory,
    });
    expect(
      await screen.findByText('No coverage report yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The threshold is 75 %, the portal default/),
    ).toBeInTheDocument();
    expect(getCoverageHistory).not.toHaveBeenCalled();
  });

  it('shows the current coverage, its change and where it stands against the threshold', async () => {
    const mocks = api();
    const latest = coverageResponse.latest!;
    await renderCard(mocks);
    const summary = await screen.findByRole('region', {
      name: 'Coverage summary',
    });
    expect(
      within(summary).getByLabelText('Coverage 75.56 %'),
    ).toBeInTheDocument();
    expect(within(summary).getByText('Below threshold')).toBeInTheDocument();
    expect(
      within(summary).getByText(
        `\u22123.33 pp since ${latest.previous!.commit.slice(0, 7)}`,
      ),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText(
        /4\.44 pp below the 80 % threshold \(the portal default\)/,
      ),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText(latest.commit.slice(0, 7)).closest('a'),
    ).toHaveAttribute(
      'href',
      `https://github.com/example-org/payments-api/commit/${latest.commit}`,
    );
    expect(mocks.getCoverage).toHaveBeenCalledWith(ref, { branch: undefined });
    // The trend is of the latest report's branch.
    expect(mocks.getCoverageHistory).toHaveBeenCalledWith(ref, {
      branch: 'main',
      limit: 50,
    });
  });

  it('shows a passing report', async () => {
    await renderCard({
      ...api(),
      getCoverage: jest.fn().mockResolvedValue(paymentsCoverage),
    });
    const summary = await screen.findByRole('region', {
      name: 'Coverage summary',
    });
    expect(within(summary).getByText('Meets threshold')).toBeInTheDocument();
    expect(
      within(summary).getByText(
        `+4.07 pp since ${paymentsCoverage.latest!.previous!.commit.slice(
          0,
          7,
        )}`,
      ),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText(/Meets the 80 % threshold by 7\.78 pp/),
    ).toBeInTheDocument();
  });

  it('draws the trend with the threshold line', async () => {
    await renderCard(api());
    const chart = await screen.findByRole('figure', { name: 'Coverage trend' });
    expect(chart.querySelector('svg')).not.toBeNull();
    const reports = coverageHistoryResponse.points.length;
    expect(chart.querySelectorAll('.recharts-line-dots circle').length).toBe(
      reports,
    );
    expect(within(chart).getByText('threshold 80 %')).toBeInTheDocument();
    expect(
      within(chart).getByText(new RegExp(`^${reports} reports`)),
    ).toBeInTheDocument();
  });

  it('still shows the report when its history cannot be read', async () => {
    await renderCard({
      ...api(),
      getCoverageHistory: jest.fn().mockRejectedValue(new Error('boom')),
    });
    expect(
      await screen.findByText(/The history could not be read: boom/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Coverage summary' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Coverage by package' }),
    ).toBeInTheDocument();
  });

  it('lists packages least covered first and sorts them by coverage or name', async () => {
    await renderCard(api());
    const table = await screen.findByRole('table', {
      name: 'Coverage by package',
    });
    const rows = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(r =>
          within(r)
            .getAllByRole('cell')
            .map(c => c.textContent),
        );
    expect(rows()).toEqual([
      ['internal/api', '62.5 %', '50 / 80'],
      ['internal/config', '68.09 %', '64 / 94'],
      ['internal/health', '74.07 %', '80 / 108'],
      ['internal/metrics', '80.33 %', '98 / 122'],
      ['internal/server', '85.29 %', '116 / 136'],
      ['cmd/server', '—', '0 / 0'],
    ]);
    expect(
      within(table).getByRole('columnheader', { name: 'Statements' }),
    ).toBeInTheDocument();

    await userEvent.click(
      within(table).getByRole('button', { name: 'Coverage' }),
    );
    expect(rows().map(r => r[0])).toEqual([
      'internal/server',
      'internal/metrics',
      'internal/health',
      'internal/config',
      'internal/api',
      'cmd/server',
    ]);
    expect(
      within(table).getByRole('columnheader', { name: /Coverage/ }),
    ).toHaveAttribute('aria-sort', 'descending');

    await userEvent.click(
      within(table).getByRole('button', { name: 'Package' }),
    );
    expect(rows().map(r => r[0])).toEqual([
      'cmd/server',
      'internal/api',
      'internal/config',
      'internal/health',
      'internal/metrics',
      'internal/server',
    ]);
  });

  it('reloads on refresh', async () => {
    const mocks = api();
    await renderCard(mocks);
    await screen.findByRole('region', { name: 'Coverage summary' });
    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh coverage' }),
    );
    await waitFor(() => expect(mocks.getCoverage).toHaveBeenCalledTimes(2));
  });

  it('reads again when an action on another card changed the entity', async () => {
    const mocks = api();
    await renderCard(mocks);
    await screen.findByRole('region', { name: 'Coverage summary' });
    act(() => announceEntityChange('component:default/payments-api'));
    await waitFor(() => expect(mocks.getCoverage).toHaveBeenCalledTimes(2));
  });

  it('guides the setup without calling the backend when coverage is not enabled', async () => {
    const mocks = api();
    await renderCard(mocks, { 'backstage.io/code-coverage': 'false' } as any);
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(mocks.getCoverage).not.toHaveBeenCalled();
  });
});
