import {
  deliveryPromoteOverridePermission,
  deliveryPromotePermission,
  EnvironmentsResponse,
} from '@go-delivery/plugin-delivery-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryApi } from '../../api';
import {
  renderWithEntity,
  serviceEntity,
} from '../../__testUtils__/renderWithEntity';
import {
  environmentsResponse,
  prodPreview,
  prodPreviewShut,
  prodResult,
  shutResponse,
  stagingEnvironment,
  toProd,
} from './__fixtures__/promotionResponses';
import { EnvironmentsCard } from './EnvironmentsCard';

const ANNOTATIONS = {
  'argocd/app-selector': 'app.kubernetes.io/part-of=payments-api',
};
const PROMOTE = [deliveryPromotePermission.name];
const OVERRIDE = [
  deliveryPromotePermission.name,
  deliveryPromoteOverridePermission.name,
];

/**
 * The permission hook caches its answers per entity for the whole file: each test names its
 * own entity, and the buttons are named after it.
 */
function renderCard(
  name: string,
  api: Partial<DeliveryApi>,
  allow: string[] = [],
  pollIntervalMs = 0,
) {
  return renderWithEntity(
    <EnvironmentsCard pollIntervalMs={pollIntervalMs} />,
    {
      entity: serviceEntity(name, ANNOTATIONS),
      api,
      allow,
    },
  );
}

function reading(response: EnvironmentsResponse) {
  return { getEnvironments: jest.fn().mockResolvedValue(response) };
}

async function environmentRegion(name: string) {
  return screen.findByRole('region', { name: `Environment ${name}` });
}

describe('EnvironmentsCard', () => {
  it('shows the environments in promotion order, what each runs, and the gates between them', async () => {
    await renderCard('payments-api', reading(environmentsResponse), PROMOTE);
    const environments = await screen.findByRole('region', {
      name: 'Environments',
    });
    const order = within(environments)
      .getAllByRole('region')
      .map(r => r.getAttribute('aria-label'));
    expect(order).toEqual([
      'Environment dev',
      'Promotion dev to staging',
      'Environment staging',
      'Promotion staging to prod',
      'Environment prod',
    ]);

    const dev = within(await environmentRegion('dev'));
    expect(dev.getByText('1.9.0')).toBeInTheDocument();
    expect(dev.queryByText('production')).toBeNull();
    expect(dev.queryByText(/behind/)).toBeNull();

    const staging = within(await environmentRegion('staging'));
    expect(staging.getByText('1.8.0')).toBeInTheDocument();
    expect(
      staging.getByText(stagingEnvironment.image!.reference),
    ).toBeInTheDocument();
    expect(staging.getByRole('link', { name: /^5a7e1b2/ })).toHaveAttribute(
      'href',
      stagingEnvironment.revisionUrl,
    );
    expect(staging.getByText('Synced')).toBeInTheDocument();
    // The run that built what staging runs, with what it says of the image.
    expect(
      staging.getByRole('list', {
        name: 'Supply chain of payments-api-ci-7xk2p',
      }),
    ).toBeInTheDocument();
    expect(
      staging.getByRole('img', { name: 'Signature verified' }),
    ).toBeInTheDocument();
    expect(staging.getByText('Healthy')).toBeInTheDocument();
    expect(staging.getByText('yesterday')).toBeInTheDocument();
    expect(staging.getByText(/3 deploys behind dev, since/)).toHaveTextContent(
      '3 deploys behind dev, since 2 days ago',
    );

    const prod = within(await environmentRegion('prod'));
    expect(prod.getByText('1.7.2')).toBeInTheDocument();
    expect(prod.getByText('production')).toBeInTheDocument();
    expect(prod.getByText(/behind staging/)).toHaveTextContent(
      '1 deploy behind staging, since yesterday',
    );

    const step = within(
      screen.getByRole('region', { name: 'Promotion staging to prod' }),
    );
    expect(step.getByText('(1.8.0 replaces 1.7.2)')).toBeInTheDocument();
    const gates = step.getByRole('list', { name: 'Gates of staging to prod' });
    expect(within(gates).getAllByRole('listitem')).toHaveLength(7);
    expect(gates).toHaveTextContent(
      'Soak time: open — staging has run 1.8.0 for 26 h (24 h needed)',
    );
    expect(gates).toHaveTextContent(
      'Coverage: skipped — No coverage threshold is annotated',
    );
    const promote = step.getByRole('button', {
      name: 'Promote payments-api to prod',
    });
    expect(promote).toHaveTextContent('Promote to prod');
    expect(promote).toBeEnabled();
    expect(
      screen.getByRole('button', { name: 'Promote payments-api to staging' }),
    ).toBeEnabled();
  });

  it('shows each source of a multi-source environment with what it deployed, instead of a joined revision', async () => {
    const commit = '11499ad00d941156360112d8c7debbd473d1b827';
    await renderCard(
      'multi-source-api',
      reading({
        ...environmentsResponse,
        environments: [
          {
            ...stagingEnvironment,
            revision: `1.4.2,${commit}`,
            sources: [
              {
                repoURL: 'https://charts.example-org.dev',
                chart: 'shipping-api',
                targetRevision: '1.4.x',
                valueFiles: ['$values/shipping-api/values-staging.yaml'],
                revision: '1.4.2',
              },
              {
                repoURL: 'https://github.com/example-org/shipping-api-gitops',
                targetRevision: 'main',
                ref: 'values',
                revision: commit,
              },
            ],
          },
        ],
        promotions: [],
      }),
    );
    const staging = await environmentRegion('staging');
    expect(within(staging).getByText('Sources')).toBeInTheDocument();
    expect(within(staging).queryByText('Revision')).toBeNull();
    expect(within(staging).getByText('shipping-api')).toBeInTheDocument();
    expect(within(staging).getByText('1.4.2')).toBeInTheDocument();
    expect(within(staging).getByText('11499ad').closest('a')).toHaveAttribute(
      'href',
      `https://github.com/example-org/shipping-api-gitops/commit/${commit}`,
    );
    expect(
      within(staging).getByText(
        /values \$values\/shipping-api\/values-staging\.yaml/,
      ),
    ).toBeInTheDocument();
  });

  it('disables promoting for someone the policy does not allow, and says why', async () => {
    await renderCard('payments-api-viewer', reading(environmentsResponse));
    const promote = await screen.findByRole('button', {
      name: 'Promote payments-api-viewer to prod',
    });
    expect(promote).toBeDisabled();
    expect(promote).toHaveAccessibleDescription(
      'You may not promote this service',
    );
  });

  it('disables a step that does not apply, with the reason', async () => {
    const reason =
      "payments-api-prod's source is a Helm chart: no overlay pins its image";
    await renderCard(
      'payments-api-helm',
      reading({
        ...environmentsResponse,
        promotions: [
          environmentsResponse.promotions[0],
          { ...toProd, available: false, reason, gates: [] },
        ],
      }),
      OVERRIDE,
    );
    const promote = await screen.findByRole('button', {
      name: 'Promote payments-api-helm to prod',
    });
    expect(promote).toBeDisabled();
    expect(promote).toHaveAccessibleDescription(reason);
  });

  it('with shut gates, disables promoting for someone who may not override them', async () => {
    const api = { ...reading(shutResponse), previewPromotion: jest.fn() };
    await renderCard('payments-api-shut', api, PROMOTE);
    const step = within(
      await screen.findByRole('region', { name: 'Promotion staging to prod' }),
    );
    expect(
      step.getByRole('list', { name: 'Gates of staging to prod' }),
    ).toHaveTextContent(
      'Error budget: shut — prod has spent 112 % of its 30-day budget',
    );
    const promote = step.getByRole('button', {
      name: 'Promote payments-api-shut to prod',
    });
    expect(promote).toBeDisabled();
    expect(promote).toHaveAccessibleDescription('Gates are shut');
  });

  it('with shut gates, opens the dialog for someone who may override them', async () => {
    const api = {
      ...reading(shutResponse),
      previewPromotion: jest.fn().mockResolvedValue(prodPreviewShut),
    };
    await renderCard('payments-api-override', api, OVERRIDE);
    const promote = await screen.findByRole('button', {
      name: 'Promote payments-api-override to prod',
    });
    expect(promote).toBeEnabled();
    expect(promote).toHaveAccessibleDescription(
      'Gates are shut: you may override them, with a reason',
    );
    await userEvent.click(promote);
    const dialog = await screen.findByRole('dialog', {
      name: 'Promote payments-api-override to prod',
    });
    expect(
      await within(dialog).findByRole('checkbox', {
        name: 'Override shut gates',
      }),
    ).toBeInTheDocument();
  });

  it('reads the environments again once the promotion is made', async () => {
    const api = {
      ...reading(environmentsResponse),
      previewPromotion: jest.fn().mockResolvedValue(prodPreview),
      promote: jest.fn().mockResolvedValue(prodResult),
    };
    await renderCard('payments-api-reload', api, PROMOTE);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Promote payments-api-reload to prod',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      await within(dialog).findByLabelText('Type payments-api-prod to confirm'),
      'payments-api-prod',
    );
    expect(api.getEnvironments).toHaveBeenCalledTimes(1);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Open pull request' }),
    );
    await within(dialog).findByRole('region', { name: 'Promotion result' });
    await waitFor(() => expect(api.getEnvironments).toHaveBeenCalledTimes(2));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  describe('polling', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('reads again while Argo CD runs an operation in an environment, and stops after', async () => {
      const syncing: EnvironmentsResponse = {
        ...environmentsResponse,
        environments: environmentsResponse.environments.map(env =>
          env.environment === 'prod'
            ? { ...env, operation: { phase: 'Running' } }
            : env,
        ),
      };
      const getEnvironments = jest
        .fn()
        .mockResolvedValueOnce(syncing)
        .mockResolvedValue(environmentsResponse);
      await renderCard('payments-api-syncing', { getEnvironments }, [], 5_000);
      const prod = within(await environmentRegion('prod'));
      expect(prod.getByText('Running')).toBeInTheDocument();
      await act(async () => {
        jest.advanceTimersByTime(5_000);
      });
      await waitFor(() => expect(getEnvironments).toHaveBeenCalledTimes(2));
      await waitFor(() => expect(prod.queryByText('Running')).toBeNull());
      await act(async () => {
        jest.advanceTimersByTime(60_000);
      });
      expect(getEnvironments).toHaveBeenCalledTimes(2);
    });

    it('follows a promoted change that waits for its sync, until the environment is Synced', async () => {
      const waiting: EnvironmentsResponse = {
        ...environmentsResponse,
        environments: environmentsResponse.environments.map(env =>
          env.environment === 'prod' ? { ...env, sync: 'OutOfSync' } : env,
        ),
      };
      const getEnvironments = jest
        .fn()
        .mockResolvedValueOnce(waiting)
        .mockResolvedValueOnce(waiting)
        .mockResolvedValue(environmentsResponse);
      await renderCard('payments-api-waiting', { getEnvironments }, [], 5_000);
      const prod = within(await environmentRegion('prod'));
      expect(prod.getByText('OutOfSync')).toBeInTheDocument();
      for (const calls of [2, 3]) {
        await act(async () => {
          jest.advanceTimersByTime(5_000);
        });
        await waitFor(() =>
          expect(getEnvironments).toHaveBeenCalledTimes(calls),
        );
      }
      await waitFor(() => expect(prod.queryByText('OutOfSync')).toBeNull());
      await act(async () => {
        jest.advanceTimersByTime(60_000);
      });
      expect(getEnvironments).toHaveBeenCalledTimes(3);
    });
  });
});
