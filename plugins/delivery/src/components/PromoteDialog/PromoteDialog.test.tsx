import { PromotionStepView } from '@go-delivery/plugin-delivery-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryApi } from '../../api';
import { deferred } from '../../__testUtils__/deferred';
import { errorResponse } from '../../__testUtils__/errorResponse';
import {
  renderWithEntity,
  serviceEntity,
} from '../../__testUtils__/renderWithEntity';
import {
  OVERRIDE_REASON,
  prodPreview,
  prodPreviewShut,
  prodResult,
  prodResultOverridden,
  toProd,
  toProdShut,
} from '../EnvironmentsCard/__fixtures__/promotionResponses';
import { PromoteDialog } from './PromoteDialog';

const ANNOTATIONS = {
  'argocd/app-selector': 'app.kubernetes.io/part-of=payments-api',
};
const KEY = /^[0-9a-f]{32}$/;
const ENTITY = {
  kind: 'Component',
  namespace: 'default',
  name: 'payments-api',
};
/** staging → prod, as the dialog sends it: the applications without environment names. */
const TARGET = {
  from: {
    instance: 'staging',
    application: 'payments-api-staging',
    appNamespace: 'argocd',
  },
  to: {
    instance: 'prod',
    application: 'payments-api-prod',
    appNamespace: 'argocd',
  },
};

async function renderDialog(
  api: Partial<DeliveryApi>,
  options: { step?: PromotionStepView; canOverride?: boolean } = {},
) {
  const onClose = jest.fn();
  const rendered = await renderWithEntity(
    <PromoteDialog
      step={options.step ?? toProd}
      canOverride={options.canOverride ?? false}
      onClose={onClose}
    />,
    { entity: serviceEntity('payments-api', ANNOTATIONS), api },
  );
  const dialog = await screen.findByRole('dialog', {
    name: 'Promote payments-api to prod',
  });
  return { ...rendered, onClose, dialog };
}

describe('PromoteDialog', () => {
  it('warns when the file it changes deploys other applications of the entity too', async () => {
    const api = {
      previewPromotion: jest.fn().mockResolvedValue({
        ...prodPreview,
        gitops: {
          ...prodPreview.gitops,
          alsoDeploys: ['payments-api-prod-eu', 'payments-api-prod-us'],
        },
      }),
      promote: jest.fn(),
    };
    const { dialog } = await renderDialog(api);
    const preview = await within(dialog).findByRole('region', {
      name: 'Promotion preview',
    });
    expect(
      within(preview).getByText(
        'overlays/prod/kustomization.yaml also deploys payments-api-prod-eu and payments-api-prod-us: this change reaches them too.',
      ),
    ).toBeInTheDocument();
  });

  it('previews, asks for the name, then opens one pull request with exactly the request, however often it is clicked', async () => {
    const answer = deferred<typeof prodResult>();
    const api = {
      previewPromotion: jest.fn().mockResolvedValue(prodPreview),
      promote: jest.fn().mockReturnValue(answer.promise),
    };
    const { dialog, alertApi } = await renderDialog(api);
    expect(api.previewPromotion).toHaveBeenCalledWith(ENTITY, TARGET);

    const preview = await within(dialog).findByRole('region', {
      name: 'Promotion preview',
    });
    expect(within(preview).getByText(prodPreview.summary)).toBeInTheDocument();
    expect(
      within(preview).getByText(prodPreview.image.from.reference),
    ).toBeInTheDocument();
    expect(
      within(preview).getByText(prodPreview.image.to.reference),
    ).toBeInTheDocument();
    const gates = within(preview).getByRole('list', {
      name: 'Gates, checked now',
    });
    expect(within(gates).getAllByRole('listitem')).toHaveLength(7);
    expect(gates).toHaveTextContent(
      'Coverage: skipped — No coverage threshold is annotated',
    );
    const diff = within(preview).getByLabelText(
      'Diff of overlays/prod/kustomization.yaml',
    );
    expect(diff.textContent).toContain('-    newTag: "1.7.2"\n');
    expect(diff.textContent).toContain('+    newTag: "1.8.0"\n');

    // Production-like: the name must be typed before the promotion is offered.
    const open = within(dialog).getByRole('button', {
      name: 'Open pull request',
    });
    expect(open).toBeDisabled();
    const confirmation = within(dialog).getByLabelText(
      'Type payments-api-prod to confirm',
    );
    await userEvent.type(confirmation, 'payments-api');
    expect(open).toBeDisabled();
    await userEvent.type(confirmation, '-prod');
    expect(open).toBeEnabled();

    // Two clicks before the answer: one promotion, and the button waits for the answer.
    await userEvent.dblClick(open);
    expect(open).toBeDisabled();
    expect(api.promote).toHaveBeenCalledTimes(1);
    expect(api.promote).toHaveBeenCalledWith(ENTITY, {
      ...TARGET,
      confirmation: 'payments-api-prod',
      idempotencyKey: expect.stringMatching(KEY),
    });
    answer.resolve(prodResult);

    const result = await within(dialog).findByRole('region', {
      name: 'Promotion result',
    });
    expect(within(result).getByText(prodResult.message)).toBeInTheDocument();
    expect(
      within(result).getByRole('link', { name: /^Pull request #42/ }),
    ).toHaveAttribute('href', prodResult.pullRequest!.url);
    expect(
      within(result).getByRole('link', { name: /^7c1f0e2/ }),
    ).toHaveAttribute('href', prodResult.commit.url);
    expect(alertApi.post).toHaveBeenCalledWith({
      message: prodResult.message,
      severity: 'success',
      display: 'transient',
    });
    expect(api.promote).toHaveBeenCalledTimes(1);
  });

  it('commits a promotion that needs no confirmation, with nothing else in the body', async () => {
    const toStaging: PromotionStepView = {
      ...toProd,
      confirmationName: undefined,
    };
    const api = {
      previewPromotion: jest.fn().mockResolvedValue({
        ...prodPreview,
        confirmationName: undefined,
        gitops: { ...prodPreview.gitops, mode: 'commit' },
      }),
      promote: jest.fn().mockResolvedValue(prodResult),
    };
    const { dialog } = await renderDialog(api, { step: toStaging });
    await within(dialog).findByRole('region', { name: 'Promotion preview' });
    expect(within(dialog).queryByLabelText(/to confirm$/)).toBeNull();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Commit promotion' }),
    );
    expect(api.promote).toHaveBeenCalledWith(ENTITY, {
      ...TARGET,
      idempotencyKey: expect.stringMatching(KEY),
    });
  });

  it('without the override permission, names the shut gates and offers nothing to send', async () => {
    const api = {
      previewPromotion: jest.fn().mockResolvedValue(prodPreviewShut),
      promote: jest.fn(),
    };
    const { dialog } = await renderDialog(api, { step: toProdShut });
    const gates = await within(dialog).findByRole('list', {
      name: 'Gates, checked now',
    });
    expect(gates).toHaveTextContent(
      'Error budget: shut — prod has spent 112 % of its 30-day budget',
    );
    expect(gates).toHaveTextContent(
      "Deploy verdict: not known — Prometheus 'prod' did not answer",
    );
    expect(within(dialog).getByRole('note')).toHaveTextContent(
      'Gates are shut: Deploy verdict, Error budget (reasons above)',
    );
    expect(within(dialog).queryByRole('checkbox')).toBeNull();
    await userEvent.type(
      within(dialog).getByLabelText('Type payments-api-prod to confirm'),
      'payments-api-prod',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Open pull request' }),
    ).toBeDisabled();
    expect(api.promote).not.toHaveBeenCalled();
  });

  it('with the override permission, asks for a reason and sends it as the override', async () => {
    const api = {
      previewPromotion: jest.fn().mockResolvedValue(prodPreviewShut),
      promote: jest.fn().mockResolvedValue(prodResultOverridden),
    };
    const { dialog } = await renderDialog(api, {
      step: toProdShut,
      canOverride: true,
    });
    await within(dialog).findByRole('region', { name: 'Promotion preview' });
    await userEvent.type(
      within(dialog).getByLabelText('Type payments-api-prod to confirm'),
      'payments-api-prod',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Open pull request' }),
    ).toBeDisabled();
    expect(
      within(dialog).queryByLabelText(/Reason for the override/),
    ).toBeNull();

    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: 'Override shut gates' }),
    );
    const reason = within(dialog).getByRole('textbox', {
      name: /Reason for the override/,
    });
    expect(reason).toBeRequired();
    expect(reason).toHaveAttribute('minlength', '10');
    expect(reason).toHaveAttribute('maxlength', '500');
    const promote = within(dialog).getByRole('button', {
      name: 'Promote despite shut gates',
    });
    expect(promote).toBeDisabled();
    await userEvent.type(reason, 'Hotfix');
    expect(promote).toBeDisabled();
    expect(
      within(dialog).getByText('At least 10 characters (6 so far)'),
    ).toBeInTheDocument();
    await userEvent.clear(reason);
    await userEvent.paste(OVERRIDE_REASON);
    expect(promote).toBeEnabled();
    await userEvent.click(promote);

    expect(api.promote).toHaveBeenCalledWith(ENTITY, {
      ...TARGET,
      confirmation: 'payments-api-prod',
      override: { reason: OVERRIDE_REASON },
      idempotencyKey: expect.stringMatching(KEY),
    });
    const result = await within(dialog).findByRole('region', {
      name: 'Promotion result',
    });
    expect(result).toHaveTextContent(
      'Overridden gatesDeploy verdict, Error budget',
    );
    expect(result).toHaveTextContent(`Reason: ${OVERRIDE_REASON}`);
  });

  it('shows a refusal, sends the same key when the same request is retried and a new one when it changes', async () => {
    const api = {
      previewPromotion: jest.fn().mockResolvedValue(prodPreviewShut),
      promote: jest
        .fn()
        .mockRejectedValueOnce(
          await errorResponse(
            409,
            "Gate 'freeze' is shut: a change freeze started at 18:00",
            'POST',
          ),
        )
        .mockRejectedValueOnce(
          await errorResponse(
            403,
            'Not allowed to promote payments-api despite shut gates',
            'POST',
          ),
        )
        .mockResolvedValue(prodResultOverridden),
    };
    const { dialog } = await renderDialog(api, {
      step: toProdShut,
      canOverride: true,
    });
    await within(dialog).findByRole('region', { name: 'Promotion preview' });
    await userEvent.type(
      within(dialog).getByLabelText('Type payments-api-prod to confirm'),
      'payments-api-prod',
    );
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: 'Override shut gates' }),
    );
    const reason = within(dialog).getByRole('textbox', {
      name: /Reason for the override/,
    });
    await userEvent.click(reason);
    await userEvent.paste(OVERRIDE_REASON);
    const promote = within(dialog).getByRole('button', {
      name: 'Promote despite shut gates',
    });
    await userEvent.click(promote);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      "Could not promote to prod: Gate 'freeze' is shut: a change freeze started at 18:00",
    );

    await userEvent.click(promote);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Could not promote to prod: Not allowed to promote payments-api despite shut gates',
    );
    await userEvent.click(reason);
    await userEvent.paste(' (approved by SRE)');
    await userEvent.click(promote);
    await within(dialog).findByRole('region', { name: 'Promotion result' });

    const keys = api.promote.mock.calls.map(call => call[1].idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(api.promote.mock.calls[2][1].override).toEqual({
      reason: `${OVERRIDE_REASON} (approved by SRE)`,
    });
  });

  it('shows a failed preview, and previews again', async () => {
    const api = {
      previewPromotion: jest
        .fn()
        .mockRejectedValueOnce(
          await errorResponse(502, "Argo CD 'prod' did not answer", 'POST'),
        )
        .mockResolvedValue(prodPreview),
    };
    const { dialog } = await renderDialog(api);
    expect(
      await within(dialog).findByText(/Argo CD 'prod' did not answer/),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview again' }),
    );
    await within(dialog).findByRole('region', { name: 'Promotion preview' });
    await waitFor(() => expect(api.previewPromotion).toHaveBeenCalledTimes(2));
  });
});
