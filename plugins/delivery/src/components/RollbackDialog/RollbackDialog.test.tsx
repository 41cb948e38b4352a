import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryApi } from '../../api';
import {
  renderWithEntity,
  serviceEntity,
} from '../../__testUtils__/renderWithEntity';
import {
  abortPreview,
  abortResult,
  gitopsPreview,
  gitopsResult,
  ordersOptions,
  paymentsOptions,
  stagingArgoCdPreview,
  stagingArgoCdResult,
  stagingOption,
} from '../../testing/rollbackViewModels';
import { RollbackDialog, RollbackDialogProps } from './RollbackDialog';
import { deferred } from '../../__testUtils__/deferred';
import { errorResponse } from '../../__testUtils__/errorResponse';

const ANNOTATIONS = {
  'argocd/app-selector': 'app.kubernetes.io/part-of=payments-api',
  'backstage.io/kubernetes-id': 'payments-api',
};
const ALL = { canAbort: true, canRollback: true };
const KEY = /^[0-9a-f]{32}$/;
/** The staging deploy before the one running now. */
const STAGING_PREVIOUS = stagingOption.history[1].id;

function ref(name: string) {
  return { kind: 'Component', namespace: 'default', name };
}

async function renderDialog(
  name: string,
  api: Partial<DeliveryApi>,
  props: Partial<RollbackDialogProps> = {},
) {
  const onClose = jest.fn();
  const rendered = await renderWithEntity(
    <RollbackDialog open onClose={onClose} permissions={ALL} {...props} />,
    { entity: serviceEntity(name, ANNOTATIONS), api },
  );
  return { rendered, onClose };
}

async function dialog() {
  return screen.findByRole('dialog', { name: /^Roll back / });
}

describe('RollbackDialog', () => {
  it('goes from the options to the preview, the typed confirmation and the GitOps commit', async () => {
    const api = {
      getRollbackOptions: jest.fn().mockResolvedValue(paymentsOptions),
      previewRollback: jest.fn().mockResolvedValue(gitopsPreview),
      rollback: jest.fn().mockResolvedValue(gitopsResult),
    };
    await renderDialog('gitops-flow', api);
    const box = await dialog();
    expect(box).toHaveAccessibleName('Roll back gitops-flow');
    expect(api.getRollbackOptions).toHaveBeenCalledWith(ref('gitops-flow'));

    // No canary runs: abort is shown, but not offered.
    expect(
      within(box).getByRole('radio', { name: 'Abort the canary' }),
    ).toBeDisabled();
    expect(within(box).getByText('No canary is running')).toBeInTheDocument();
    await userEvent.click(
      within(box).getByRole('radio', { name: 'Roll back through GitOps' }),
    );
    // The deploy before the current one is chosen; the current one cannot be.
    const deploy = within(box).getByLabelText('Deploy to return to');
    expect(deploy).toHaveValue('4');
    expect(
      within(deploy).getByRole('option', { name: /^#5 .*\(running now\)$/ }),
    ).toBeDisabled();
    expect(
      within(box).getByText(
        /Commits to main of https:\/\/github.com\/example-org\/payments-api-gitops: overlays\/prod\/kustomization.yaml/,
      ),
    ).toBeInTheDocument();
    expect(api.previewRollback).not.toHaveBeenCalled();

    await userEvent.click(within(box).getByRole('button', { name: 'Preview' }));
    expect(api.previewRollback).toHaveBeenCalledWith(ref('gitops-flow'), {
      kind: 'gitops',
      instance: 'prod',
      application: 'payments-api-prod',
      appNamespace: 'argocd',
      historyId: 4,
    });
    const preview = await within(box).findByRole('region', {
      name: 'Rollback preview',
    });
    expect(
      within(preview).getByText(gitopsPreview.summary),
    ).toBeInTheDocument();
    const diff = within(preview).getByLabelText(
      'Diff of overlays/prod/kustomization.yaml',
    );
    expect(diff.textContent).toContain(
      '-    newTag: "1.7.2"\n+    newTag: "1.7.1"\n',
    );
    expect(
      within(preview).getByText('ghcr.io/example-org/payments-api:1.7.2'),
    ).toBeInTheDocument();
    expect(
      within(preview).getByText('ghcr.io/example-org/payments-api:1.7.1'),
    ).toBeInTheDocument();
    expect(api.rollback).not.toHaveBeenCalled();

    // Production-like: the name must be typed before the rollback is offered.
    const commit = within(box).getByRole('button', { name: 'Commit rollback' });
    expect(commit).toBeDisabled();
    const confirmation = within(box).getByLabelText(
      'Type payments-api-prod to confirm',
    );
    await userEvent.type(confirmation, 'payments-api');
    expect(commit).toBeDisabled();
    await userEvent.type(confirmation, '-prod');
    expect(commit).toBeEnabled();
    await userEvent.click(commit);

    expect(api.rollback).toHaveBeenCalledTimes(1);
    expect(api.rollback).toHaveBeenCalledWith(ref('gitops-flow'), {
      kind: 'gitops',
      instance: 'prod',
      application: 'payments-api-prod',
      appNamespace: 'argocd',
      historyId: 4,
      confirmation: 'payments-api-prod',
      idempotencyKey: expect.stringMatching(KEY),
    });
    const result = await within(box).findByRole('region', {
      name: 'Rollback result',
    });
    expect(within(result).getByText(gitopsResult.message)).toBeInTheDocument();
    expect(
      within(result).getByRole('link', {
        name: new RegExp(`^${gitopsResult.commit!.sha.slice(0, 7)}`),
      }),
    ).toHaveAttribute('href', gitopsResult.commit!.url);
  });

  it('says plainly that auto-sync blocks an Argo CD rollback, and disables it only when asked', async () => {
    const api = {
      getRollbackOptions: jest.fn().mockResolvedValue(paymentsOptions),
      previewRollback: jest.fn().mockResolvedValue(stagingArgoCdPreview),
      rollback: jest.fn().mockResolvedValue(stagingArgoCdResult),
    };
    await renderDialog('auto-sync', api, {
      preselect: {
        instance: 'staging',
        application: 'payments-api-staging',
        appNamespace: 'argocd',
        historyId: STAGING_PREVIOUS,
      },
    });
    const box = await dialog();
    // Staging has no GitOps repository: the preselected deploy opens on Argo CD's rollback.
    expect(
      within(box).getByRole('radio', { name: 'Roll back with Argo CD' }),
    ).toBeChecked();
    expect(within(box).getByLabelText('Application')).toHaveValue(
      'staging/argocd/payments-api-staging',
    );
    expect(
      within(box).getByText('Auto-sync blocks this rollback'),
    ).toBeInTheDocument();
    expect(
      within(box).getByText(
        /Argo CD refuses a rollback of payments-api-staging while automated sync is on/,
      ),
    ).toBeInTheDocument();
    const preview = within(box).getByRole('button', { name: 'Preview' });
    expect(preview).toBeDisabled();

    await userEvent.click(
      within(box).getByRole('checkbox', {
        name: 'Disable auto-sync, then roll back',
      }),
    );
    await userEvent.click(preview);
    expect(api.previewRollback).toHaveBeenCalledWith(ref('auto-sync'), {
      kind: 'argocd',
      instance: 'staging',
      application: 'payments-api-staging',
      appNamespace: 'argocd',
      historyId: STAGING_PREVIOUS,
      disableAutoSync: true,
    });
    await within(box).findByText(
      'Auto-sync of this application will be turned off.',
    );
    // Not production-like: no name to type.
    expect(within(box).queryByLabelText(/to confirm$/)).toBeNull();
    await userEvent.click(
      within(box).getByRole('button', {
        name: 'Disable auto-sync and roll back',
      }),
    );
    expect(api.rollback).toHaveBeenCalledWith(ref('auto-sync'), {
      kind: 'argocd',
      instance: 'staging',
      application: 'payments-api-staging',
      appNamespace: 'argocd',
      historyId: STAGING_PREVIOUS,
      disableAutoSync: true,
      idempotencyKey: expect.stringMatching(KEY),
    });
    const result = await within(box).findByRole('region', {
      name: 'Rollback result',
    });
    expect(within(result).getByText(/^Running/)).toBeInTheDocument();
    expect(within(result).getByText(/^turned off/)).toBeInTheDocument();
  });

  it('aborts a running canary after the preview and the typed Rollout name', async () => {
    const api = {
      getRollbackOptions: jest.fn().mockResolvedValue(ordersOptions),
      previewRollback: jest.fn().mockResolvedValue(abortPreview),
      rollback: jest.fn().mockResolvedValue(abortResult),
    };
    await renderDialog('abort-flow', api, {
      preselect: {
        kind: 'abort-canary',
        rollout: { cluster: 'prod', namespace: 'orders', name: 'orders-api' },
      },
    });
    const box = await dialog();
    expect(
      within(box).getByRole('radio', { name: 'Abort the canary' }),
    ).toBeChecked();
    // The application is busy: Argo CD's rollback is shown with the reason, not offered.
    expect(
      within(box).getByRole('radio', { name: 'Roll back with Argo CD' }),
    ).toBeDisabled();
    expect(
      within(box).getByText(
        'Another operation (a sync) is running; wait for it to finish',
      ),
    ).toBeInTheDocument();
    await userEvent.click(within(box).getByRole('button', { name: 'Preview' }));
    expect(api.previewRollback).toHaveBeenCalledWith(ref('abort-flow'), {
      kind: 'abort-canary',
      rollout: { cluster: 'prod', namespace: 'orders', name: 'orders-api' },
    });
    await within(box).findByText(abortPreview.summary);
    await userEvent.type(
      within(box).getByLabelText('Type orders-api to confirm'),
      'orders-api',
    );
    await userEvent.click(
      within(box).getByRole('button', { name: 'Abort canary' }),
    );
    expect(api.rollback).toHaveBeenCalledWith(ref('abort-flow'), {
      kind: 'abort-canary',
      rollout: { cluster: 'prod', namespace: 'orders', name: 'orders-api' },
      confirmation: 'orders-api',
      idempotencyKey: expect.stringMatching(KEY),
    });
    expect(
      await within(box).findByText(abortResult.message),
    ).toBeInTheDocument();
  });

  it('offers only what the permission policy allows', async () => {
    const api = {
      getRollbackOptions: jest.fn().mockResolvedValue(ordersOptions),
    };
    await renderDialog('abort-only', api, {
      permissions: { canAbort: true, canRollback: false },
    });
    const box = await dialog();
    expect(
      within(box)
        .getAllByRole('radio')
        .map(r => r.getAttribute('value')),
    ).toEqual(['abort-canary']);
  });

  it('acts once on a double click, sends the same key again after an error, and a new one for a new submission', async () => {
    const first = deferred<any>();
    const api = {
      getRollbackOptions: jest.fn().mockResolvedValue(paymentsOptions),
      previewRollback: jest.fn().mockResolvedValue({
        ...gitopsPreview,
        confirmationRequired: false,
      }),
      rollback: jest
        .fn()
        .mockReturnValueOnce(first.promise)
        .mockResolvedValue(gitopsResult),
    };
    await renderDialog('double-click', api, {
      preselect: {
        kind: 'gitops',
        instance: 'prod',
        application: 'payments-api-prod',
        appNamespace: 'argocd',
        historyId: 4,
      },
    });
    const box = await dialog();
    await userEvent.click(within(box).getByRole('button', { name: 'Preview' }));
    const commit = await within(box).findByRole('button', {
      name: 'Commit rollback',
    });
    await userEvent.dblClick(commit);
    expect(api.rollback).toHaveBeenCalledTimes(1);
    expect(commit).toBeDisabled();
    expect(within(box).getByRole('button', { name: 'Back' })).toBeDisabled();

    // The answer never came back (a proxy timed out): the retry names the same submission.
    first.reject(await errorResponse(504, 'Gateway timeout', 'POST'));
    expect(await within(box).findByText('Gateway timeout')).toBeInTheDocument();
    await userEvent.click(commit);
    expect(api.rollback).toHaveBeenCalledTimes(2);
    const [firstKey, retryKey] = api.rollback.mock.calls.map(
      c => c[1].idempotencyKey,
    );
    expect(retryKey).toBe(firstKey);
    await within(box).findByRole('region', { name: 'Rollback result' });
  });

  it('starts a new submission with a new key after going back', async () => {
    const api = {
      getRollbackOptions: jest.fn().mockResolvedValue(paymentsOptions),
      previewRollback: jest.fn().mockResolvedValue({
        ...gitopsPreview,
        confirmationRequired: false,
      }),
      rollback: jest
        .fn()
        .mockRejectedValueOnce(
          await errorResponse(
            409,
            "A rollback of 'payments-api-prod' is under way; try again when it has finished",
            'POST',
          ),
        )
        .mockResolvedValue(gitopsResult),
    };
    await renderDialog('new-submission', api);
    const box = await dialog();
    await userEvent.click(
      within(box).getByRole('radio', { name: 'Roll back through GitOps' }),
    );
    await userEvent.click(within(box).getByRole('button', { name: 'Preview' }));
    await userEvent.click(
      await within(box).findByRole('button', { name: 'Commit rollback' }),
    );
    expect(
      await within(box).findByText(/is under way; try again/),
    ).toBeInTheDocument();
    await userEvent.click(within(box).getByRole('button', { name: 'Back' }));
    await userEvent.selectOptions(
      within(box).getByLabelText('Deploy to return to'),
      '3',
    );
    await userEvent.click(within(box).getByRole('button', { name: 'Preview' }));
    expect(api.previewRollback).toHaveBeenLastCalledWith(
      ref('new-submission'),
      expect.objectContaining({ kind: 'gitops', historyId: 3 }),
    );
    await userEvent.click(
      await within(box).findByRole('button', { name: 'Commit rollback' }),
    );
    await within(box).findByRole('region', { name: 'Rollback result' });
    const [firstKey, secondKey] = api.rollback.mock.calls.map(
      c => c[1].idempotencyKey,
    );
    expect(firstKey).toMatch(KEY);
    expect(secondKey).toMatch(KEY);
    expect(secondKey).not.toBe(firstKey);
  });

  it('shows in the dialog why the options or the preview could not be read', async () => {
    const api = {
      getRollbackOptions: jest
        .fn()
        .mockRejectedValueOnce(
          await errorResponse(
            404,
            "Entity 'component:default/gone' not found",
            'POST',
          ),
        ),
    };
    const { onClose } = await renderDialog('options-error', api);
    const box = await dialog();
    expect(
      await within(box).findByText(
        /Entity 'component:default\/gone' not found/,
      ),
    ).toBeInTheDocument();
    expect(within(box).getByRole('button', { name: 'Preview' })).toBeDisabled();
    await userEvent.click(within(box).getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('shows a refused preview and stays on the form', async () => {
    const api = {
      getRollbackOptions: jest.fn().mockResolvedValue(paymentsOptions),
      previewRollback: jest
        .fn()
        .mockRejectedValue(
          await errorResponse(
            403,
            'You may not roll back component:default/preview-error',
            'POST',
          ),
        ),
      rollback: jest.fn(),
    };
    await renderDialog('preview-error', api);
    const box = await dialog();
    await userEvent.click(within(box).getByRole('button', { name: 'Preview' }));
    expect(
      await within(box).findByText(
        'You may not roll back component:default/preview-error',
      ),
    ).toBeInTheDocument();
    expect(within(box).getByRole('button', { name: 'Preview' })).toBeEnabled();
    await waitFor(() => expect(api.rollback).not.toHaveBeenCalled());
  });
});
