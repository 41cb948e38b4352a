import { ResponseError } from '@backstage/errors';
import { MetricsView } from '@go-delivery/plugin-delivery-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryApi } from '../../api';
import {
  renderWithEntity,
  serviceEntity,
} from '../../__testUtils__/renderWithEntity';
import { metricsView } from '../../testing/viewModels';
import { GoldenSignalsCard } from './GoldenSignalsCard';

jest.mock('recharts', () => ({
  ...jest.requireActual('recharts'),
  ResponsiveContainer: jest.requireActual('../../__testUtils__/fixedSizeCharts')
    .FixedSizeContainer,
}));

const METRICS = { 'go-delivery.dev/metrics-service': 'payments-api' };
const [healthy, regression] = metricsView.deploys;
const short = (revision?: string) => revision!.slice(0, 7);
const ref = { kind: 'Component', namespace: 'default', name: 'payments-api' };

function renderCard(
  api: Partial<DeliveryApi>,
  props: React.ComponentProps<typeof GoldenSignalsCard> = {},
  annotations: Record<string, string> = METRICS,
) {
  return renderWithEntity(<GoldenSignalsCard {...props} />, {
    entity: serviceEntity('payments-api', annotations),
    api,
  });
}

describe('GoldenSignalsCard', () => {
  it('shows progress while loading', async () => {
    await renderCard({ getMetrics: () => new Promise(() => {}) });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the backend error, e.g. a bad range', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'InputError',
          message: 'range must be between 5m and 7d',
        },
        request: { method: 'GET', url: '/x' },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'content-type': 'application/json' } },
    );
    await renderCard({
      getMetrics: jest
        .fn()
        .mockRejectedValue(await ResponseError.fromResponse(response as any)),
    });
    expect(
      await screen.findByText(/range must be between 5m and 7d/),
    ).toBeInTheDocument();
  });

  it('says when no Prometheus is configured', async () => {
    await renderCard({
      getMetrics: jest.fn().mockResolvedValue({
        configured: false,
        message:
          'No Prometheus instance is configured (delivery.prometheus.instances).',
      }),
    });
    expect(
      await screen.findByText('Metrics are not set up'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No Prometheus instance is configured/),
    ).toBeInTheDocument();
  });

  it('draws the three signals, canary and stable apart, with the deploys marked on each', async () => {
    const getMetrics = jest.fn().mockResolvedValue(metricsView);
    await renderCard({ getMetrics });
    expect(getMetrics).toHaveBeenCalledWith(ref, { range: '3h' });

    for (const title of ['Request rate', 'Error rate', 'p95 latency']) {
      const chart = await screen.findByRole('figure', { name: title });
      expect(chart.querySelectorAll('.recharts-line')).toHaveLength(2);
      expect(within(chart).getByText('Stable')).toBeInTheDocument();
      expect(within(chart).getByText('Canary')).toBeInTheDocument();
      const markers = chart.querySelectorAll('.recharts-reference-line');
      expect(markers).toHaveLength(2);
      expect(
        within(chart).getByText(short(healthy.revision)),
      ).toBeInTheDocument();
      expect(
        within(chart).getByText(short(regression.revision)),
      ).toBeInTheDocument();
      // The regression is drawn solid in red, the healthy deploy dashed in green.
      const lines = [...markers].map(m => m.querySelector('line')!);
      expect(lines.map(l => l.getAttribute('stroke'))).toEqual([
        '#2e7d32',
        '#d32f2f',
      ]);
    }
    expect(
      screen.getByText(/canary and stable traffic shown apart/),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('figure', { name: 'Request rate' })).getByRole(
        'link',
        { name: /^Prometheus/ },
      ),
    ).toHaveAttribute(
      'href',
      metricsView.signals.find(s => s.signal === 'requestRate')!.graphUrl,
    );
  });

  it('lists the deploys newest first with their verdicts', async () => {
    await renderCard({ getMetrics: jest.fn().mockResolvedValue(metricsView) });
    const table = await screen.findByRole('table', { name: 'Deploys' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('Regression')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText(regression.verdict.summary),
    ).toBeInTheDocument();
    expect(
      within(rows[0]).getByText(short(regression.revision)),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('Healthy')).toBeInTheDocument();
  });

  it('lets an embedding card add an action per deploy and link the GitOps revisions', async () => {
    await renderCard(
      { getMetrics: jest.fn().mockResolvedValue(metricsView) },
      {
        repoURL: 'https://github.com/example-org/payments-api-gitops',
        renderDeployAction: deploy => (
          <button type="button">Roll back to before #{deploy.id}</button>
        ),
      },
    );
    expect(
      await screen.findByRole('button', { name: 'Roll back to before #5' }),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Deploys' });
    expect(
      within(table).getByText(short(regression.revision)).closest('a'),
    ).toHaveAttribute(
      'href',
      `https://github.com/example-org/payments-api-gitops/commit/${regression.revision}`,
    );
  });

  it('offers only the ranges the backend accepts and reads the metrics again for a new one', async () => {
    const getMetrics = jest.fn().mockResolvedValue(metricsView);
    await renderCard({ getMetrics }, { defaultRange: '1h' });
    const select = await screen.findByLabelText('Time range');
    expect(
      within(select)
        .getAllByRole('option')
        .map(o => (o as HTMLOptionElement).value),
    ).toEqual(['30m', '1h', '3h', '6h', '12h', '1d', '3d', '7d']);
    expect(select).toHaveValue('1h');
    await userEvent.selectOptions(select, '7d');
    await waitFor(() =>
      expect(getMetrics).toHaveBeenLastCalledWith(ref, { range: '7d' }),
    );
    expect(getMetrics.mock.calls.map(c => c[1].range)).toEqual(['1h', '7d']);
  });

  it('names a failed instance once and still draws what it could read', async () => {
    const failure = {
      kind: 'prometheus' as const,
      instance: 'prod',
      reason: 'timeout' as const,
      message: "Prometheus 'prod': no answer within 10000 ms",
    };
    const view: MetricsView = {
      ...metricsView,
      signals: metricsView.signals.map(s =>
        s.signal === 'requestRate' ? s : { ...s, series: [], failure },
      ),
      deployFailures: [
        {
          kind: 'argocd',
          instance: 'staging',
          reason: 'unreachable',
          message: "Argo CD 'staging': connection refused",
        },
      ],
    };
    await renderCard({ getMetrics: jest.fn().mockResolvedValue(view) });
    expect(
      await screen.findByText(/2 instances could not be read/),
    ).toBeInTheDocument();
    const errorRate = screen.getByRole('figure', { name: 'Error rate' });
    expect(
      within(errorRate).getByText(/Not available: Prometheus 'prod'/),
    ).toBeInTheDocument();
    expect(errorRate.querySelector('svg.recharts-surface')).toBeNull();
    const requestRate = screen.getByRole('figure', { name: 'Request rate' });
    expect(requestRate.querySelector('svg.recharts-surface')).not.toBeNull();
  });

  it('says when the service had no traffic and no deploy in the range', async () => {
    await renderCard({
      getMetrics: jest.fn().mockResolvedValue({
        ...metricsView,
        canarySplit: false,
        signals: metricsView.signals.map(s => ({ ...s, series: [] })),
        deploys: [],
      }),
    });
    expect(
      await screen.findAllByText('No traffic in this range.'),
    ).toHaveLength(3);
    expect(screen.getByText('No deploy in this range.')).toBeInTheDocument();
  });

  it('reloads on refresh', async () => {
    const getMetrics = jest.fn().mockResolvedValue(metricsView);
    await renderCard({ getMetrics });
    await screen.findByRole('table', { name: 'Deploys' });
    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh golden signals' }),
    );
    await waitFor(() => expect(getMetrics).toHaveBeenCalledTimes(2));
  });

  it('guides the setup without calling the backend when the entity names no metrics', async () => {
    const getMetrics = jest.fn();
    await renderCard({ getMetrics }, {}, {});
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(getMetrics).not.toHaveBeenCalled();
  });
});
