import {
  deliveryRollbackPermission,
  rolloutAbortPermission,
  rolloutPromotePermission,
  RolloutActionResponse,
  RolloutsResponse,
} from '@go-delivery/plugin-delivery-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryApi } from '../../api';
import { errorResponse } from '../../__testUtils__/errorResponse';
import {
  renderWithEntity,
  serviceEntity,
} from '../../__testUtils__/renderWithEntity';
import {
  abortedRollout,
  ordersCanary,
  rolloutsResponse,
  sparseRollout,
} from '../../testing/rolloutViewModels';
import { RolloutHealthCard } from './RolloutHealthCard';
import { undoChoices } from './undoChoices';

const ANNOTATIONS = { 'backstage.io/kubernetes-id': 'orders-api' };
const ALL = [
  rolloutPromotePermission.name,
  rolloutAbortPermission.name,
  deliveryRollbackPermission.name,
];
const KEY = /^[0-9a-f]{32}$/;
const ORDERS = { cluster: 'prod', namespace: 'orders', name: 'orders-api' };
/** orders-api on a cluster that does not look like production. */
const stagingCanary = { ...ordersCanary, confirmationRequired: false };

function ref(name: string) {
  return { kind: 'Component', namespace: 'default', name };
}

function withRollouts(...rollouts: RolloutsResponse['rollouts']) {
  return { ...rolloutsResponse, rollouts };
}

function undone(revision: number): RolloutActionResponse {
  return {
    action: 'undo',
    target: ORDERS,
    message: `Rollout 'orders-api' returned to the pod template of revision ${revision}`,
    replayed: false,
  };
}

function api(
  rollouts: RolloutsResponse,
  rolloutAction: jest.Mock = jest.fn(),
): Partial<DeliveryApi> & { getRollouts: jest.Mock; rolloutAction: jest.Mock } {
  return {
    getRollouts: jest.fn().mockResolvedValue(rollouts),
    rolloutAction,
  };
}

function renderCard(name: string, delivery: Partial<DeliveryApi>, allow = ALL) {
  return renderWithEntity(<RolloutHealthCard pollIntervalMs={0} />, {
    entity: serviceEntity(name, ANNOTATIONS),
    api: delivery,
    allow,
  });
}

async function openUndo(name = 'orders-api') {
  const rollout = await screen.findByRole('region', {
    name: `Rollout ${name}`,
  });
  const button = await within(rollout).findByRole('button', { name: 'Undo' });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
  return screen.findByRole('dialog', { name: `Undo ${name}?` });
}

describe('RolloutHealthCard undo', () => {
  it('offers the earlier revisions, newest first, never the running one', () => {
    expect(undoChoices(ordersCanary).map(c => c.revision)).toEqual([4, 3]);
    expect(undoChoices(abortedRollout)).toEqual([]);
    expect(undoChoices(sparseRollout)).toEqual([]);
  });

  it('shows undo only on a Rollout with an earlier revision', async () => {
    await renderCard(
      'undo-shown',
      api(withRollouts(ordersCanary, abortedRollout, sparseRollout)),
    );
    const orders = await screen.findByRole('region', {
      name: 'Rollout orders-api',
    });
    await waitFor(() =>
      expect(
        within(orders).getByRole('button', { name: 'Undo' }),
      ).toBeEnabled(),
    );
    const aborted = screen.getByRole('region', {
      name: `Rollout ${abortedRollout.name}`,
    });
    await within(aborted).findByRole('button', { name: 'Retry' });
    expect(within(aborted).queryByRole('button', { name: 'Undo' })).toBeNull();
    const sparse = screen.getByRole('region', {
      name: `Rollout ${sparseRollout.name}`,
    });
    expect(within(sparse).queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('disables undo, saying why, for a user without the rollback permission', async () => {
    const delivery = api(withRollouts(stagingCanary));
    const { authorize } = await renderCard('undo-denied', delivery, [
      rolloutPromotePermission.name,
      rolloutAbortPermission.name,
    ]);
    const orders = await screen.findByRole('region', {
      name: 'Rollout orders-api',
    });
    await within(orders).findByRole('button', { name: 'Promote' });
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'delivery.rollback' }),
      }),
    );
    const undo = within(orders).getByRole('button', { name: 'Undo' });
    expect(undo).toBeDisabled();
    expect(undo).toHaveAccessibleDescription(
      'Undo needs the delivery.rollback permission, which you do not have for this entity.',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(delivery.rolloutAction).not.toHaveBeenCalled();
  });

  it('names the revision, undoes once on a double click with the exact body, and reads the cards again', async () => {
    let finish!: () => void;
    const delivery = api(
      withRollouts(stagingCanary),
      jest.fn(
        () =>
          new Promise(resolve => {
            finish = () => resolve(undone(4));
          }),
      ),
    );
    await renderCard('undo-once', delivery);
    const dialog = await openUndo();
    expect(dialog).toHaveTextContent(
      'The pod template of Rollout orders-api (prod / orders, now at revision 5) is replaced by the one of revision 4, ReplicaSet orders-api-7b9c5d8f46 with ghcr.io/example-org/orders-api:2.3.0.',
    );
    expect(
      within(dialog).getByLabelText('Revision to return to'),
    ).toHaveDisplayValue(
      'revision 4 (stable): ghcr.io/example-org/orders-api:2.3.0',
    );
    expect(within(dialog).queryByLabelText(/to confirm/)).toBeNull();
    const confirm = within(dialog).getByRole('button', {
      name: 'Undo to revision 4',
    });
    await userEvent.dblClick(confirm);
    expect(delivery.rolloutAction).toHaveBeenCalledTimes(1);
    expect(delivery.rolloutAction).toHaveBeenCalledWith(
      ref('undo-once'),
      'undo',
      { ...ORDERS, idempotencyKey: expect.stringMatching(KEY), toRevision: 4 },
    );
    expect(confirm).toBeDisabled();
    finish();
    expect(
      await within(dialog).findByRole('region', { name: 'Undo result' }),
    ).toHaveTextContent(
      "Rollout 'orders-api' returned to the pod template of revision 4",
    );
    await waitFor(() => expect(delivery.getRollouts).toHaveBeenCalledTimes(2));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(delivery.rolloutAction).toHaveBeenCalledTimes(1);
  });

  it('returns to another revision when one is chosen, with a new key', async () => {
    const delivery = api(
      withRollouts(stagingCanary),
      jest.fn().mockResolvedValue(undone(3)),
    );
    await renderCard('undo-choose', delivery);
    let dialog = await openUndo();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(delivery.rolloutAction).not.toHaveBeenCalled();
    dialog = await openUndo();
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Revision to return to'),
      'revision 3: ghcr.io/example-org/orders-api:2.2.1',
    );
    expect(dialog).toHaveTextContent(
      'replaced by the one of revision 3, ReplicaSet orders-api-5c8d7f9b64 with ghcr.io/example-org/orders-api:2.2.1.',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Undo to revision 3' }),
    );
    expect(delivery.rolloutAction).toHaveBeenCalledWith(
      ref('undo-choose'),
      'undo',
      { ...ORDERS, idempotencyKey: expect.stringMatching(KEY), toRevision: 3 },
    );
  });

  it('asks for the name of a production-like Rollout before undo', async () => {
    const delivery = api(
      withRollouts(ordersCanary),
      jest.fn().mockResolvedValue(undone(4)),
    );
    await renderCard('undo-prod', delivery);
    const dialog = await openUndo();
    const confirm = within(dialog).getByRole('button', {
      name: 'Undo to revision 4',
    });
    expect(confirm).toBeDisabled();
    const field = within(dialog).getByLabelText('Type orders-api to confirm');
    await userEvent.type(field, 'orders');
    expect(confirm).toBeDisabled();
    await userEvent.type(field, '-api ');
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    expect(delivery.rolloutAction).toHaveBeenCalledTimes(1);
    expect(delivery.rolloutAction).toHaveBeenCalledWith(
      ref('undo-prod'),
      'undo',
      {
        ...ORDERS,
        idempotencyKey: expect.stringMatching(KEY),
        confirmation: 'orders-api',
        toRevision: 4,
      },
    );
  });

  it.each([
    [409, "Rollout 'orders-api' already runs the template of revision 4"],
    [
      403,
      "You are not allowed to perform 'delivery.rollback' on component:default/undo-403",
    ],
  ])(
    'shows why undo was refused (%i) and retries with the same key',
    async (status, reason) => {
      const delivery = api(
        withRollouts(stagingCanary),
        jest
          .fn()
          .mockRejectedValueOnce(await errorResponse(status, reason, 'POST'))
          .mockResolvedValueOnce(undone(4)),
      );
      await renderCard(`undo-${status}`, delivery);
      const dialog = await openUndo();
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Undo to revision 4' }),
      );
      expect(
        await within(dialog).findByText(`Could not undo orders-api: ${reason}`),
      ).toBeInTheDocument();
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Undo to revision 4' }),
      );
      await within(dialog).findByRole('region', { name: 'Undo result' });
      const [first, second] = delivery.rolloutAction.mock.calls.map(
        (c: any[]) => c[2].idempotencyKey,
      );
      expect(second).toBe(first);
    },
  );
});
