import { UpstreamFailure } from '@go-delivery/plugin-delivery-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryCard } from './DeliveryCard';

interface Found {
  items: string[];
  failures: UpstreamFailure[];
}

const timeout: UpstreamFailure = {
  kind: 'kubernetes',
  instance: 'ci',
  reason: 'timeout',
  message: "Kubernetes cluster 'ci': no answer within 5000 ms",
};

function renderCard(
  data: { value?: Found; loading: boolean; error?: Error },
  extra: Partial<React.ComponentProps<typeof DeliveryCard>> = {},
) {
  const retry = jest.fn();
  const rendered = renderInTestApp(
    <DeliveryCard<Found>
      title="Things"
      subheader="Somewhere"
      refreshes="things"
      data={{ ...data, retry }}
      errorTitle="Things"
      failures={value => value.failures}
      empty={value => value.items.length === 0 && <p>Nothing found</p>}
      {...(extra as {})}
    >
      {value => <ul aria-label="Items">{value.items.join(', ')}</ul>}
    </DeliveryCard>,
  );
  return { retry, rendered };
}

describe('DeliveryCard', () => {
  it('has its title as a level-2 heading, and its subheader', async () => {
    await renderCard({ loading: false, value: { items: [], failures: [] } })
      .rendered;
    expect(
      screen.getByRole('heading', { level: 2, name: 'Things' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Somewhere')).toBeInTheDocument();
  });

  it('shows progress on the first load only', async () => {
    const { rendered } = renderCard({ loading: true });
    const { rerender } = await rendered;
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    // A reload keeps what is shown.
    rerender(
      <DeliveryCard<Found>
        title="Things"
        subheader="Somewhere"
        data={{
          loading: true,
          value: { items: ['a'], failures: [] },
          retry: jest.fn(),
        }}
      >
        {value => <ul aria-label="Items">{value.items.join(', ')}</ul>}
      </DeliveryCard>,
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('list', { name: 'Items' })).toHaveTextContent('a');
  });

  it('shows the error, titled', async () => {
    await renderCard({ loading: false, error: new Error('backend is down') })
      .rendered;
    expect(screen.getByText(/Things: backend is down/)).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Items' })).toBeNull();
  });

  it('names the upstreams that failed above the body', async () => {
    await renderCard({
      loading: false,
      value: { items: ['a', 'b'], failures: [timeout] },
    }).rendered;
    expect(screen.getByText(/ci could not be read/)).toBeInTheDocument();
    expect(screen.getByText(timeout.message)).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Items' })).toHaveTextContent(
      'a, b',
    );
  });

  it('shows the empty state instead of the body, unless an upstream failure explains the gap', async () => {
    const { rendered } = renderCard({
      loading: false,
      value: { items: [], failures: [] },
    });
    const { unmount } = await rendered;
    expect(screen.getByText('Nothing found')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Items' })).toBeNull();
    unmount();

    await renderCard({
      loading: false,
      value: { items: [], failures: [timeout] },
    }).rendered;
    expect(screen.getByText(/ci could not be read/)).toBeInTheDocument();
    expect(screen.queryByText('Nothing found')).toBeNull();
    expect(screen.queryByRole('list', { name: 'Items' })).toBeNull();
  });

  it('refreshes by the data’s retry, or by its own refresh', async () => {
    const { retry, rendered } = renderCard({
      loading: false,
      value: { items: ['a'], failures: [] },
    });
    const { unmount } = await rendered;
    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh things' }),
    );
    expect(retry).toHaveBeenCalledTimes(1);
    unmount();

    const onRefresh = jest.fn();
    await renderCard(
      { loading: false, value: { items: ['a'], failures: [] } },
      { onRefresh },
    ).rendered;
    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh things' }),
    );
    expect(onRefresh).toHaveBeenCalledTimes(1);
  });

  it('puts extra actions in the header and a notice above the body', async () => {
    await renderCard(
      { loading: false, value: { items: ['a'], failures: [] } },
      {
        actions: <button>Roll back</button>,
        notice: <p role="alert">Could not act</p>,
      },
    ).rendered;
    expect(
      screen.getByRole('button', { name: 'Roll back' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Could not act');
  });

  it('without data, shows its children as they are, and no refresh unless asked', async () => {
    await renderInTestApp(
      <DeliveryCard title="Sections" subheader="Each reads its own">
        <p>A section</p>
      </DeliveryCard>,
    );
    expect(screen.getByText('A section')).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
