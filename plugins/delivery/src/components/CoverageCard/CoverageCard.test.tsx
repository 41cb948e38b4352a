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
    await renderCard(mocks);
    const summary = await screen.findByRole('region', {
      name: 'Coverage summary',
    });
    expect(
      within(summary).getByLabelText('Coverage 78.3 %'),
    ).toBeInTheDocument();
    expect(within(summary).getByText('Below threshold')).toBeInTheDocument();
    expect(
      within(summary).getByText('\u22121.8 pp since 8e7d6c5'),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText(
        /1\.7 pp below the 80 % threshold \(set by the go-delivery.dev\/coverage-threshold annotation\)/,
      ),
    ).toBeInTheDocument();
    expect(within(summary).getByText('3f2a1b0').closest('a')).toHaveAttribute(
      'href',
      'https://github.com/example-org/payments-api/commit/3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a',
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
      getCoverage: jest.fn().mockResolvedValue({
        ...coverageResponse,
        latest: {
          ...coverageResponse.latest!,
          percent: 84.5,
          passed: true,
          delta: 4.4,
        },
      }),
    });
    const summary = await screen.findByRole('region', {
      name: 'Coverage summary',
    });
    expect(within(summary).getByText('Meets threshold')).toBeInTheDocument();
    expect(
      within(summary).getByText('+4.4 pp since 8e7d6c5'),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText(/Meets the 80 % threshold by 4\.5 pp/),
    ).toBeInTheDocument();
  });

  it('draws the trend with the threshold line', async () => {
    await renderCard(api());
    const chart = await screen.findByRole('figure', { name: 'Coverage trend' });
    expect(chart.querySelector('svg')).not.toBeNull();
    expect(chart.querySelectorAll('.recharts-line-dots circle').length).toBe(3);
    expect(within(chart).getByText('threshold 80 %')).toBeInTheDocument();
    expect(within(chart).getByText(/^3 reports/)).toBeInTheDocument();
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
      ['internal/ledger', '66.6 %', '333 / 500'],
      ['internal/httpapi', '90 %', '450 / 500'],
      ['cmd/server', '—', '0 / 0'],
    ]);
    expect(
      within(table).getByRole('columnheader', { name: 'Statements' }),
    ).toBeInTheDocument();

    await userEvent.click(
      within(table).getByRole('button', { name: 'Coverage' }),
    );
    expect(rows().map(r => r[0])).toEqual([
      'internal/httpapi',
      'internal/ledger',
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
      'internal/httpapi',
      'internal/ledger',
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
