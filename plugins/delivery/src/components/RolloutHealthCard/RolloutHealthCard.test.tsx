import {
  deliveryRollbackPermission,
  rolloutAbortPermission,
  rolloutPromotePermission,
  RolloutsResponse,
} from '@go-delivery/plugin-delivery-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryApi } from '../../api';
import {
  renderWithEntity,
  serviceEntity,
} from '../../__testUtils__/renderWithEntity';
import {
  gitopsPreview,
  gitopsResult,
  paymentsOptions,
  abortPreview,
  abortResult,
  ordersOptions,
} from '../../testing/rollbackViewModels';
import {
  abortedRollout,
  ordersCanary,
  rolloutsResponse,
  sparseRollout,
} from '../../testing/rolloutViewModels';
import {
  deploymentsResponse,
  metricsView,
  paymentsMetrics3d,
  prodApplication,
} from '../../testing/viewModels';
import { RolloutHealthCard } from './RolloutHealthCard';
import { errorResponse } from '../../__testUtils__/errorResponse';

const ANNOTATIONS = {
  'backstage.io/kubernetes-id': 'orders-api',
  'argocd/app-selector': 'app.kubernetes.io/part-of=payments-api',
  'go-delivery.dev/metrics-service': 'payments-api',
};
const ALL = [
  rolloutPromotePermission.name,
  rolloutAbortPermission.name,
  deliveryRollbackPermission.name,
];
const KEY = /^[0-9a-f]{32}$/;

function ref(name: string) {
  return { kind: 'Component', namespace: 'default', name };
}

type MockedApi = { [K in keyof DeliveryApi]: jest.Mock };

function api(overrides: Partial<MockedApi> = {}): MockedApi {
  return {
    getRollouts: jest.fn().mockResolvedValue(rolloutsResponse),
    getDeployments: jest.fn().mockResolvedValue(deploymentsResponse),
    getMetrics: jest.fn().mockResolvedValue(metricsView),
    rolloutAction: jest.fn(),
    getRollbackOptions: jest.fn(),
    previewRollback: jest.fn(),
    rollback: jest.fn(),
    getPipelineRuns: jest.fn(),
    getPipelineStepLog: jest.fn(),
    rerunPipelineRun: jest.fn(),
    cancelPipelineRun: jest.fn(),
    getCoverage: jest.fn(),
    getCoverageHistory: jest.fn(),
    getDora: jest.fn(),
    getTeamDora: jest.fn(),
    getEnvironments: jest.fn(),
    previewPromotion: jest.fn(),
    promote: jest.fn(),
    getErrorBudget: jest.fn(),
    ...overrides,
  };
}

function withRollouts(...rollouts: RolloutsResponse['rollouts']) {
  return { ...rolloutsResponse, rollouts };
}

function renderCard(
  name: string,
  delivery: Partial<DeliveryApi>,
  allow: string[] = [],
  annotations: Record<string, string> = ANNOTATIONS,
) {
  return renderWithEntity(<RolloutHealthCard pollIntervalMs={0} />, {
    entity: serviceEntity(name, annotations),
    api: delivery,
    allow,
  });
}

/** The value of a labelled fact of a {@link Facts} list within `container`. */
function factOf(container: HTMLElement, label: string): string | null {
  const terms = within(container).getAllByRole('term');
  const index = terms.findIndex(t => t.textContent === label);
  return within(container).getAllByRole('definition')[index].textContent;
}

describe('RolloutHealthCard', () => {
  it('shows progress while loading', async () => {
    await renderCard(
      'loading',
      {
        getRollouts: () => new Promise(() => {}),
        getDeployments: () => new Promise(() => {}),
      },
      [],
      { 'backstage.io/kubernetes-id': 'orders-api' },
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the backend error and keeps the rest of the card', async () => {
    const error = await errorResponse(
      400,
      "Annotation 'backstage.io/kubernetes-id' is invalid: 'a b' is not a label value",
    );
    await renderCard(
      'broken',
      api({ getRollouts: jest.fn().mockRejectedValue(error) }),
    );
    expect(
      await screen.findByText(
        /Argo Rollouts: Annotation 'backstage.io\/kubernetes-id' is invalid/,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Argo CD applications' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Deploys' }),
    ).toBeInTheDocument();
  });

  it('says which clusters were searched when there is no Rollout, and names a failed one', async () => {
    await renderCard(
      'empty',
      api({
        getRollouts: jest.fn().mockResolvedValue({
          rollouts: [],
          failures: [],
          clusters: ['prod', 'dev'],
          allowed: { promote: false, abort: false, undo: false },
        }),
      }),
    );
    expect(
      await screen.findByText(/No Argo Rollouts found \(searched prod, dev/),
    ).toBeInTheDocument();
  });

  it('shows a canary in progress: phase, step of total, weights, hashes, images, pause and analysis', async () => {
    const delivery = api();
    await renderCard('canary', delivery);
    expect(delivery.getRollouts).toHaveBeenCalledWith(ref('canary'));
    const rollout = await screen.findByRole('region', {
      name: 'Rollout orders-api',
    });
    expect(factOf(rollout, 'Phase')).toBe('PausedCanaryPauseStep');
    expect(
      within(rollout).getByText('Step 2 of 5: pause until promoted'),
    ).toBeInTheDocument();
    expect(
      within(rollout).getByRole('progressbar', {
        name: 'Canary progress of orders-api',
      }),
    ).toHaveAttribute('aria-valuenow', '20');
    const steps = within(rollout).getByRole('list', {
      name: 'Steps of orders-api',
    });
    const items = within(steps).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      '1. set weight 20 %',
      '2. pause until promoted',
      '3. set weight 50 %',
      '4. pause 5m',
      '5. set weight 100 %',
    ]);
    expect(items[1]).toHaveAttribute('aria-current', 'step');
    expect(
      within(rollout).getByText('canary 20 % · stable 80 %'),
    ).toBeInTheDocument();
    expect(
      within(rollout).getByText(/^CanaryPauseStep — at a pause step/),
    ).toBeInTheDocument();
    // Stable and the version rolling out, each with its pod hash and image.
    expect(factOf(rollout, 'Stable')).toBe(
      '7b9c5d8f46ghcr.io/example-org/orders-api:2.3.0',
    );
    expect(factOf(rollout, 'Rolling out')).toBe(
      '64fd8c9b57ghcr.io/example-org/orders-api:2.4.0',
    );
    expect(factOf(rollout, 'Pods')).toBe(
      '5 of 5 ready, 1 updated, 5 available',
    );
    const metrics = within(rollout).getByRole('table', {
      name: 'Metrics of orders-api-64fd8c9b57-5',
    });
    const rows = within(metrics).getAllByRole('row').slice(1);
    expect(
      rows.map(r =>
        within(r)
          .getAllByRole('cell')
          .slice(0, 4)
          .map(c => c.textContent),
      ),
    ).toEqual([
      [
        'error-rate (prometheus)',
        'Running',
        '2 successful of 2',
        '[0.0071][0.0094]',
      ],
      [
        'p95-latency (prometheus)',
        'Running',
        '2 successful of 2',
        '[0.093][0.097]',
      ],
    ]);
    const replicaSets = within(rollout).getByRole('table', {
      name: 'ReplicaSets of orders-api',
    });
    expect(
      within(replicaSets)
        .getAllByRole('row')
        .slice(1)
        .map(r => within(r).getAllByRole('cell')[1].textContent),
    ).toEqual(['canary', 'stable', 'previous']);
  });

  it('shows an aborted canary, with retry but neither promote nor abort', async () => {
    await renderCard(
      'aborted',
      api({
        getRollouts: jest.fn().mockResolvedValue(withRollouts(abortedRollout)),
      }),
      ALL,
    );
    const rollout = await screen.findByRole('region', {
      name: `Rollout ${abortedRollout.name}`,
    });
    // The controller aborted it: the alert names the AnalysisRun that failed, and why.
    const alert = within(rollout).getByRole('alert');
    expect(alert).toHaveTextContent(
      /^Aborted .* by analysis \(AnalysisRun rollout-background-analysis-db976bc44-2\): all traffic is back on the stable ReplicaSet 7d84d44bb8/,
    );
    expect(alert).toHaveTextContent(
      'metric "web" assessed Failed due to failed (1) > failureLimit (0)',
    );
    expect(within(rollout).getByText('Degraded')).toBeInTheDocument();
    expect(
      within(rollout).getByText(
        /^RolloutAborted: metric "web" assessed Failed/,
      ),
    ).toBeInTheDocument();
    expect(
      within(rollout).getByText('canary 0 % · stable 100 %'),
    ).toBeInTheDocument();
    expect(
      await within(rollout).findByRole('button', { name: 'Retry' }),
    ).toBeInTheDocument();
    for (const name of ['Promote', 'Promote full', 'Abort']) {
      expect(within(rollout).queryByRole('button', { name })).toBeNull();
    }
    const metrics = within(rollout).getByRole('table', {
      name: 'Metrics of rollout-background-analysis-db976bc44-2',
    });
    expect(
      within(metrics).getByText('0 successful, 1 failed of 1'),
    ).toBeInTheDocument();
  });

  it('renders the sparse status of an old controller without making anything up', async () => {
    await renderCard(
      'old-shape',
      api({
        getRollouts: jest.fn().mockResolvedValue(withRollouts(sparseRollout)),
      }),
      ALL,
    );
    const rollout = await screen.findByRole('region', {
      name: 'Rollout legacy-api',
    });
    expect(within(rollout).getByText(sparseRollout.phase)).toBeInTheDocument();
    expect(
      within(rollout).getByText('Current step not reported (3 steps)'),
    ).toBeInTheDocument();
    expect(within(rollout).queryByRole('progressbar')).toBeNull();
    expect(within(rollout).queryByText(/^canary \d+ %/)).toBeNull();
    expect(within(rollout).getByText('not reported')).toBeInTheDocument();
    expect(within(rollout).getByText('image not known')).toBeInTheDocument();
    expect(within(rollout).queryByRole('button')).toBeNull();
  });

  it('shows the Argo CD status in brief, from the deployments data', async () => {
    await renderCard('argocd-brief', api());
    const table = await screen.findByRole('table', {
      name: 'Argo CD applications',
    });
    const [row] = within(table).getAllByRole('row').slice(1);
    expect(within(row).getByText('payments-api-prod')).toBeInTheDocument();
    expect(within(row).getByText(/prod · manual sync/)).toBeInTheDocument();
    expect(within(row).getByText('Synced')).toBeInTheDocument();
    expect(within(row).getByText('Healthy')).toBeInTheDocument();
    expect(within(row).getByText('Succeeded')).toBeInTheDocument();
    expect(
      within(row).getByText(prodApplication.sync.revision!.slice(0, 7)),
    ).toBeInTheDocument();
  });

  it('shows no action but a disabled undo to a user the policy denies', async () => {
    const { authorize } = await renderCard('denied', api());
    const rollout = await screen.findByRole('region', {
      name: 'Rollout orders-api',
    });
    await screen.findByRole('table', { name: 'Deploys' });
    // The answers arrived (and denied) before their absence is asserted.
    await waitFor(() => expect(authorize).toHaveBeenCalledTimes(3));
    for (const permission of ALL) {
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: expect.objectContaining({ name: permission }),
          resourceRef: 'component:default/denied',
        }),
      );
    }
    // Only undo stays in sight, disabled, saying which permission it needs.
    expect(
      within(rollout)
        .queryAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Undo']);
    expect(
      within(rollout).getByRole('button', { name: 'Undo' }),
    ).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Roll back' })).toBeNull();
    expect(
      screen.queryByRole('button', { name: /^Roll back to this/ }),
    ).toBeNull();
  });

  it('shows promote to a user who may promote, and abort only to one who may abort', async () => {
    await renderCard('promote-only', api(), [rolloutPromotePermission.name]);
    const rollout = await screen.findByRole('region', {
      name: 'Rollout orders-api',
    });
    expect(
      await within(rollout).findByRole('button', { name: 'Promote' }),
    ).toBeInTheDocument();
    expect(
      within(rollout).getByRole('button', { name: 'Promote full' }),
    ).toBeInTheDocument();
    expect(within(rollout).queryByRole('button', { name: 'Abort' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Roll back' })).toBeNull();
  });

  it('promotes with the exact body, once on a double click, and reads the cards again', async () => {
    let finish!: () => void;
    const delivery = api({
      rolloutAction: jest.fn(
        () =>
          new Promise(resolve => {
            finish = () =>
              resolve({
                action: 'promote',
                target: {
                  cluster: 'prod',
                  namespace: 'orders',
                  name: 'orders-api',
                },
                message: "Rollout 'orders-api' promoted past step 1 of 5",
                replayed: false,
              });
          }),
      ),
    });
    const { alertApi } = await renderCard('promote', delivery, ALL);
    const rollout = await screen.findByRole('region', {
      name: 'Rollout orders-api',
    });
    const promote = await within(rollout).findByRole('button', {
      name: 'Promote',
    });
    await userEvent.dblClick(promote);
    expect(delivery.rolloutAction).toHaveBeenCalledTimes(1);
    expect(delivery.rolloutAction).toHaveBeenCalledWith(
      ref('promote'),
      'promote',
      {
        cluster: 'prod',
        namespace: 'orders',
        name: 'orders-api',
        idempotencyKey: expect.stringMatching(KEY),
      },
    );
    expect(promote).toBeDisabled();
    finish();
    await waitFor(() => expect(delivery.getRollouts).toHaveBeenCalledTimes(2));
    expect(delivery.getDeployments).toHaveBeenCalledTimes(2);
    expect(delivery.getMetrics).toHaveBeenCalledTimes(2);
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message: "Rollout 'orders-api' promoted past step 1 of 5",
        severity: 'success',
      }),
    );
  });

  it('asks before promoting fully, and retries an aborted canary', async () => {
    const delivery = api({
      getRollouts: jest
        .fn()
        .mockResolvedValue(withRollouts(ordersCanary, abortedRollout)),
      rolloutAction: jest
        .fn()
        .mockResolvedValue({ message: 'done', replayed: false }),
    });
    await renderCard('promote-full', delivery, ALL);
    const orders = await screen.findByRole('region', {
      name: 'Rollout orders-api',
    });
    await userEvent.click(
      await within(orders).findByRole('button', { name: 'Promote full' }),
    );
    const confirm = await screen.findByRole('dialog', {
      name: 'Promote orders-api fully?',
    });
    expect(delivery.rolloutAction).not.toHaveBeenCalled();
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Promote fully' }),
    );
    expect(delivery.rolloutAction).toHaveBeenCalledWith(
      ref('promote-full'),
      'promote-full',
      {
        cluster: 'prod',
        namespace: 'orders',
        name: 'orders-api',
        idempotencyKey: expect.stringMatching(KEY),
      },
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const aborted = screen.getByRole('region', {
      name: `Rollout ${abortedRollout.name}`,
    });
    await waitFor(() =>
      expect(
        within(aborted).getByRole('button', { name: 'Retry' }),
      ).toBeEnabled(),
    );
    await userEvent.click(
      within(aborted).getByRole('button', { name: 'Retry' }),
    );
    expect(delivery.rolloutAction).toHaveBeenLastCalledWith(
      ref('promote-full'),
      'retry',
      {
        cluster: 'ref',
        namespace: 'default',
        name: 'rollout-background-analysis',
        idempotencyKey: expect.stringMatching(KEY),
      },
    );
    const [first, second] = delivery.rolloutAction.mock.calls.map(
      (c: any[]) => c[2].idempotencyKey,
    );
    expect(second).not.toBe(first);
  });

  it('shows why an action was refused', async () => {
    const delivery = api({
      rolloutAction: jest
        .fn()
        .mockRejectedValue(
          await errorResponse(409, "Rollout 'orders-api' is not aborted"),
        ),
      getRollouts: jest.fn().mockResolvedValue(withRollouts(abortedRollout)),
    });
    await renderCard('refused', delivery, ALL);
    await userEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByText(
        `Could not retry ${abortedRollout.name}: Rollout 'orders-api' is not aborted`,
      ),
    ).toBeInTheDocument();
  });

  it('aborts a canary through the rollback dialog, preselected, and reads the cards again', async () => {
    const delivery = api({
      getRollbackOptions: jest.fn().mockResolvedValue(ordersOptions),
      previewRollback: jest.fn().mockResolvedValue(abortPreview),
      rollback: jest.fn().mockResolvedValue(abortResult),
    });
    await renderCard('abort', delivery, ALL);
    const rollout = await screen.findByRole('region', {
      name: 'Rollout orders-api',
    });
    await userEvent.click(
      await within(rollout).findByRole('button', { name: 'Abort' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Roll back abort',
    });
    await waitFor(() =>
      expect(
        within(dialog).getByRole('radio', { name: 'Abort the canary' }),
      ).toBeChecked(),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    await userEvent.type(
      await within(dialog).findByLabelText('Type orders-api to confirm'),
      'orders-api',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Abort canary' }),
    );
    expect(delivery.rollback).toHaveBeenCalledWith(ref('abort'), {
      kind: 'abort-canary',
      rollout: { cluster: 'prod', namespace: 'orders', name: 'orders-api' },
      confirmation: 'orders-api',
      idempotencyKey: expect.stringMatching(KEY),
    });
    await within(dialog).findByText(abortResult.message);
    await waitFor(() => expect(delivery.getRollouts).toHaveBeenCalledTimes(2));
    expect(delivery.getDeployments).toHaveBeenCalledTimes(2);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('rolls back to a deploy from its verdict row, and offers nothing for what runs now', async () => {
    // payments-api-prod's last two deploys, judged.
    const [older, newer] = paymentsMetrics3d.deploys
      .filter(d => d.application === prodApplication.name)
      .slice(-2);
    const delivery = api({
      // payments-api-prod runs deploy #5 now (its history's newest entry); #2 of its history ran
      // the same revision.
      getDeployments: jest.fn().mockResolvedValue({
        ...deploymentsResponse,
        applications: [
          {
            ...prodApplication,
            sync: { status: 'Synced', revision: 'b'.repeat(40) },
          },
        ],
      }),
      getMetrics: jest.fn().mockResolvedValue({
        ...paymentsMetrics3d,
        deploys: [{ ...older, id: 2, revision: 'b'.repeat(40) }, older, newer],
      }),
      getRollbackOptions: jest.fn().mockResolvedValue(paymentsOptions),
      previewRollback: jest.fn().mockResolvedValue(gitopsPreview),
      rollback: jest.fn().mockResolvedValue(gitopsResult),
    });
    await renderCard('deploy-row', delivery, ALL);
    const deploys = await screen.findByRole('table', { name: 'Deploys' });
    const back = await within(deploys).findByRole('button', {
      name: 'Roll back to this: payments-api-prod #4',
    });
    expect(
      within(deploys)
        .getAllByRole('button')
        .map(b => b.getAttribute('aria-label')),
    ).toEqual(['Roll back to this: payments-api-prod #4']);
    await userEvent.click(back);
    const dialog = await screen.findByRole('dialog', {
      name: 'Roll back deploy-row',
    });
    // GitOps applies to prod: it is what the deploy's button opens on, at that deploy.
    await waitFor(() =>
      expect(
        within(dialog).getByRole('radio', { name: 'Roll back through GitOps' }),
      ).toBeChecked(),
    );
    expect(within(dialog).getByLabelText('Application')).toHaveValue(
      'prod/argocd/payments-api-prod',
    );
    expect(within(dialog).getByLabelText('Deploy to return to')).toHaveValue(
      '4',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(delivery.previewRollback).toHaveBeenCalledWith(ref('deploy-row'), {
      kind: 'gitops',
      instance: 'prod',
      application: 'payments-api-prod',
      appNamespace: 'argocd',
      historyId: 4,
    });
    await userEvent.type(
      await within(dialog).findByLabelText('Type payments-api-prod to confirm'),
      'payments-api-prod',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Commit rollback' }),
    );
    expect(
      await within(dialog).findByText(gitopsResult.message),
    ).toBeInTheDocument();
    await waitFor(() => expect(delivery.getMetrics).toHaveBeenCalledTimes(2));
    expect(delivery.getDeployments).toHaveBeenCalledTimes(2);
  });

  it('opens the rollback dialog from the card header', async () => {
    const delivery = api({
      getRollbackOptions: jest.fn().mockResolvedValue(paymentsOptions),
    });
    await renderCard('header', delivery, [deliveryRollbackPermission.name]);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Roll back header',
    });
    expect(delivery.getRollbackOptions).toHaveBeenCalledWith(ref('header'));
    // Abort is not the user's to do: only the rollbacks are offered.
    await waitFor(() =>
      expect(
        within(dialog)
          .getAllByRole('radio')
          .map(r => r.getAttribute('value')),
      ).toEqual(['argocd', 'gitops']),
    );
  });

  it('guides the setup when the entity names neither workloads nor Argo CD applications', async () => {
    const delivery = api();
    await renderCard('bare', delivery, [], {
      'go-delivery.dev/metrics-service': 'payments-api',
    });
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(delivery.getRollouts).not.toHaveBeenCalled();
    expect(delivery.getDeployments).not.toHaveBeenCalled();
  });

  it('reads no Argo CD applications for an entity without Argo CD annotations', async () => {
    const delivery = api();
    await renderCard('rollouts-only', delivery, [], {
      'backstage.io/kubernetes-id': 'orders-api',
    });
    await screen.findByRole('region', { name: 'Rollout orders-api' });
    expect(delivery.getDeployments).not.toHaveBeenCalled();
    expect(delivery.getMetrics).not.toHaveBeenCalled();
    expect(screen.queryByRole('region', { name: 'Argo CD status' })).toBeNull();
  });
});
