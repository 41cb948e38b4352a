import { Entity } from '@backstage/catalog-model';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryApi } from '../../api';
import { errorResponse } from '../../__testUtils__/errorResponse';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import {
  emptyTeamDora,
  teamDora,
} from '../DoraCard/__fixtures__/doraResponses';
import { TeamDeliveryContent } from './TeamDeliveryContent';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};
const groupRef = { kind: 'Group', namespace: 'default', name: 'team-payments' };

function renderPage(api: Partial<DeliveryApi>) {
  return renderWithEntity(<TeamDeliveryContent />, { entity: group, api });
}

/** The table's rows as the text of their cells, a link's "opens in" note left out. */
function rows(): string[][] {
  return within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map(r =>
      within(r)
        .getAllByRole('cell')
        .map(c => c.textContent ?? ''),
    );
}

function serviceOrder(): string[] {
  return rows().map(r => r[0]);
}

describe('TeamDeliveryContent', () => {
  it("shows the team's aggregate figures above its services", async () => {
    const getTeamDora = jest.fn().mockResolvedValue(teamDora);
    await renderPage({ getTeamDora });
    const team = await screen.findByRole('region', { name: 'Team figures' });
    expect(
      within(team).getByText(/3 services, last 90 days/),
    ).toBeInTheDocument();
    const frequency = within(
      within(team).getByRole('region', { name: 'Deployment frequency' }),
    );
    expect(frequency.getByText('16 / week')).toBeInTheDocument();
    expect(frequency.getByText('Elite')).toBeInTheDocument();
    expect(
      frequency.getByText('208 deploys of 3 services in 90 days: 16 a week.'),
    ).toBeInTheDocument();
    expect(within(team).getByText('6 %')).toBeInTheDocument();
    expect(within(team).getByText('5 h')).toBeInTheDocument();
    expect(getTeamDora).toHaveBeenCalledWith(groupRef, { days: 90 });
  });

  it('lists each service with its environment, figures and levels, linked to its page', async () => {
    await renderPage({ getTeamDora: jest.fn().mockResolvedValue(teamDora) });
    await screen.findByRole('table');
    expect(rows()).toEqual([
      [
        'Payments API',
        'prod',
        '3.5 / weekHigh',
        '18 hHigh',
        '4 %Elite',
        '2.1 hMedium',
      ],
      [
        'ledger',
        'prod',
        '0.5 / weekMedium',
        '4 dHigh',
        '25 %Low',
        '30 hMedium',
      ],
      [
        'invoices',
        'production',
        '12 / weekElite',
        '—No data',
        '0 %Elite',
        '—No data',
      ],
    ]);
    expect(screen.getByRole('link', { name: 'Payments API' })).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api',
    );
  });

  it('sorts the services by a figure, those without one last either way', async () => {
    await renderPage({ getTeamDora: jest.fn().mockResolvedValue(teamDora) });
    await screen.findByRole('table');
    const header = (name: string) =>
      within(screen.getByRole('table')).getByRole('button', { name });

    await userEvent.click(header('Lead time for changes'));
    expect(serviceOrder()).toEqual(['Payments API', 'ledger', 'invoices']);
    await userEvent.click(header('Lead time for changes'));
    expect(serviceOrder()).toEqual(['ledger', 'Payments API', 'invoices']);

    // Another column starts ascending again.
    await userEvent.click(header('Deployment frequency'));
    expect(serviceOrder()).toEqual(['ledger', 'Payments API', 'invoices']);
    await userEvent.click(header('Deployment frequency'));
    expect(serviceOrder()).toEqual(['invoices', 'Payments API', 'ledger']);
    await userEvent.click(header('Service'));
    expect(serviceOrder()).toEqual(['invoices', 'ledger', 'Payments API']);
  });

  it('reads the figures again for another period', async () => {
    const getTeamDora = jest.fn().mockResolvedValue(teamDora);
    await renderPage({ getTeamDora });
    await screen.findByRole('table');
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Period of the DORA figures' }),
      '180',
    );
    await waitFor(() =>
      expect(getTeamDora).toHaveBeenLastCalledWith(groupRef, { days: 180 }),
    );
  });

  it('explains which services count while the team has none with events', async () => {
    await renderPage({
      getTeamDora: jest.fn().mockResolvedValue(emptyTeamDora),
    });
    expect(
      await screen.findByText(
        "No delivery events for this team's services yet",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the backend error on the page', async () => {
    await renderPage({
      getTeamDora: jest
        .fn()
        .mockRejectedValue(
          await errorResponse(404, 'Group default/team-payments not found'),
        ),
    });
    expect(
      await screen.findByText(
        /DORA metrics: Group default\/team-payments not found/,
      ),
    ).toBeInTheDocument();
  });
});
