import { RolloutActionResponse } from '@go-delivery/plugin-delivery-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  renderWithEntity,
  serviceEntity,
} from '../__testUtils__/renderWithEntity';
import { DeliveryApi } from '../api';
import { rolloutsResponse } from '../testing/rolloutViewModels';
import { DeliveryActionOptions, useDeliveryAction } from './useDeliveryAction';
import { useDeliveryData } from './useDeliveryData';
import { deferred } from '../__testUtils__/deferred';

const KEY = /^[0-9a-f]{32}$/;

type Options = Partial<
  Omit<DeliveryActionOptions<string, RolloutActionResponse>, 'send'>
>;

/** Promotes the Rollout a button names, and shows what the hook says. */
function ActionProbe(props: { options: Options }) {
  const action = useDeliveryAction<string, RolloutActionResponse>({
    send: (api, entity, name, idempotencyKey) =>
      api.rolloutAction(entity, 'promote', {
        cluster: 'prod',
        namespace: 'orders',
        name,
        idempotencyKey,
      }),
    ...props.options,
  });
  return (
    <>
      <button onClick={() => action.perform('orders-api')}>Promote</button>
      <button onClick={action.reset}>New submission</button>
      {action.pending && <p>Promoting {action.pending}</p>}
      {action.result && <p>Result: {action.result.message}</p>}
      {action.error && (
        <div role="alert">
          {action.error}
          <button onClick={action.dismissError}>Dismiss</button>
        </div>
      )}
    </>
  );
}

/** Another card of the same entity, which reads its Rollouts. */
function ReaderProbe() {
  useDeliveryData((api, ref) => api.getRollouts(ref), []);
  return null;
}

const promoted: RolloutActionResponse = {
  action: 'promote',
  target: { cluster: 'prod', namespace: 'orders', name: 'orders-api' },
  message: "Rollout 'orders-api' promoted",
  replayed: false,
};

function renderProbe(
  name: string,
  api: Partial<DeliveryApi>,
  options: Options = {},
) {
  return renderWithEntity(
    <>
      <ActionProbe options={options} />
      <ReaderProbe />
    </>,
    {
      entity: serviceEntity(name, {}),
      api: {
        getRollouts: jest.fn().mockResolvedValue(rolloutsResponse),
        ...api,
      },
    },
  );
}

const keysOf = (mock: jest.Mock) =>
  mock.mock.calls.map(call => call[2].idempotencyKey);

describe('useDeliveryAction', () => {
  it('acts once at a time: a double click sends one request', async () => {
    const answer = deferred<RolloutActionResponse>();
    const rolloutAction = jest.fn().mockReturnValue(answer.promise);
    await renderProbe('double', { rolloutAction });
    await userEvent.dblClick(screen.getByRole('button', { name: 'Promote' }));
    expect(rolloutAction).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Promoting orders-api')).toBeInTheDocument();
    answer.resolve(promoted);
    expect(
      await screen.findByText(`Result: ${promoted.message}`),
    ).toBeInTheDocument();
    expect(screen.queryByText('Promoting orders-api')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Promote' }));
    expect(rolloutAction).toHaveBeenCalledTimes(2);
  });

  it('sends a fresh idempotency key with every call by default', async () => {
    const rolloutAction = jest.fn().mockResolvedValue(promoted);
    await renderProbe('fresh-keys', { rolloutAction });
    await userEvent.click(screen.getByRole('button', { name: 'Promote' }));
    await screen.findByText(`Result: ${promoted.message}`);
    await userEvent.click(screen.getByRole('button', { name: 'Promote' }));
    await waitFor(() => expect(rolloutAction).toHaveBeenCalledTimes(2));
    const [first, second] = keysOf(rolloutAction);
    expect(first).toMatch(KEY);
    expect(second).toMatch(KEY);
    expect(second).not.toBe(first);
  });

  it('per submission, sends the same key again after an error, and a new one after a reset', async () => {
    const rolloutAction = jest
      .fn()
      .mockRejectedValueOnce(new Error('Gateway timeout'))
      .mockRejectedValueOnce(new Error('Gateway timeout'))
      .mockResolvedValue(promoted);
    await renderProbe(
      'submission',
      { rolloutAction },
      { keyPer: 'submission' },
    );
    const promote = screen.getByRole('button', { name: 'Promote' });
    await userEvent.click(promote);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Gateway timeout',
    );
    await userEvent.click(promote);
    await waitFor(() => expect(rolloutAction).toHaveBeenCalledTimes(2));
    await userEvent.click(
      screen.getByRole('button', { name: 'New submission' }),
    );
    await userEvent.click(promote);
    await screen.findByText(`Result: ${promoted.message}`);
    const [first, retry, next] = keysOf(rolloutAction);
    expect(first).toMatch(KEY);
    expect(retry).toBe(first);
    expect(next).toMatch(KEY);
    expect(next).not.toBe(first);
  });

  it('confirms what worked, makes every card of the entity read again, then calls back', async () => {
    const rolloutAction = jest.fn().mockResolvedValue(promoted);
    const getRollouts = jest.fn().mockResolvedValue(rolloutsResponse);
    const onDone = jest.fn();
    const { alertApi } = await renderProbe(
      'announces',
      { rolloutAction, getRollouts },
      {
        success: (result, name) => ({
          message: `${name}: ${result.message}`,
          severity: 'success',
        }),
        onDone,
      },
    );
    await waitFor(() => expect(getRollouts).toHaveBeenCalledTimes(1));
    await userEvent.click(screen.getByRole('button', { name: 'Promote' }));
    await waitFor(() => expect(getRollouts).toHaveBeenCalledTimes(2));
    expect(alertApi.post).toHaveBeenCalledWith({
      message: `orders-api: ${promoted.message}`,
      severity: 'success',
      display: 'transient',
    });
    expect(onDone).toHaveBeenCalledWith(promoted, 'orders-api');
  });

  it('announces nothing when told not to, and posts no alert without a confirmation', async () => {
    const getRollouts = jest.fn().mockResolvedValue(rolloutsResponse);
    const onDone = jest.fn();
    const { alertApi } = await renderProbe(
      'quiet',
      { rolloutAction: jest.fn().mockResolvedValue(promoted), getRollouts },
      { announce: false, onDone },
    );
    await waitFor(() => expect(getRollouts).toHaveBeenCalledTimes(1));
    await userEvent.click(screen.getByRole('button', { name: 'Promote' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(getRollouts).toHaveBeenCalledTimes(1);
    expect(alertApi.post).not.toHaveBeenCalled();
  });

  it('keeps why it failed until dismissed, without alert, announcement or callback', async () => {
    const getRollouts = jest.fn().mockResolvedValue(rolloutsResponse);
    const onDone = jest.fn();
    const { alertApi } = await renderProbe(
      'refused',
      {
        rolloutAction: jest
          .fn()
          .mockRejectedValue(new Error("Rollout 'orders-api' is not paused")),
        getRollouts,
      },
      {
        success: () => ({ message: 'done', severity: 'success' }),
        describeError: (name, reason) => `Could not promote ${name}: ${reason}`,
        onDone,
      },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Promote' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      "Could not promote orders-api: Rollout 'orders-api' is not paused",
    );
    expect(alertApi.post).not.toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
    expect(getRollouts).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
