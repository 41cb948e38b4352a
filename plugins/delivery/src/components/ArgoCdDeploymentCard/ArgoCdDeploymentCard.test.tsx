import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryApi, deliveryApiRef } from '../../api';
import {
  applicationWithUnrecordedRevision,
  degradedApplication,
  deploymentsResponse,
  prodApplication,
  shippingDeploymentsResponse,
} from '../../testing/viewModels';
import { ArgoCdDeploymentCard } from './ArgoCdDeploymentCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      'argocd/app-selector': 'app.kubernetes.io/part-of=payments-api',
    },
  },
  spec: { type: 'service', owner: 'guests', lifecycle: 'production' },
};

function renderCard(api: Partial<DeliveryApi>, subject: Entity = entity) {
  return renderInTestApp(
    <TestApiProvider apis={[[deliveryApiRef, api]]}>
      <EntityProvider entity={subject}>
        <ArgoCdDeploymentCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('ArgoCdDeploymentCard', () => {
  it('asks the backend for the current entity and shows each application', async () => {
    const getDeployments = jest.fn().mockResolvedValue(deploymentsResponse);
    await renderCard({ getDeployments });

    expect(getDeployments).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
    const app = await screen.findByRole('region', {
      name: 'Argo CD application payments-api-prod',
    });
    expect(within(app).getByText('Synced')).toBeInTheDocument();
    expect(within(app).getByText('Healthy')).toBeInTheDocument();
    expect(within(app).getByText('manual sync')).toBeInTheDocument();
    expect(
      within(app).getByText(`${prodApplication.resources!.total} resources`),
    ).toBeInTheDocument();
    expect(
      within(app).getByRole('link', { name: /payments-api-prod/ }),
    ).toHaveAttribute('href', prodApplication.webUrl);
    // The current revision is shortened and linked to the commit in the GitOps repo.
    const revision = prodApplication.sync.revision!;
    const revisionLinks = within(app)
      .getAllByText(revision.slice(0, 7))
      .map(el => el.closest('a'));
    expect(revisionLinks[0]).toHaveAttribute(
      'href',
      `https://github.com/example-org/payments-api-gitops/commit/${revision}`,
    );
  });

  it('shows each source of a multi-source Helm application (chart version, commit, value files) and its ApplicationSet', async () => {
    const commit = '11499ad00d941156360112d8c7debbd473d1b827';
    await renderCard({
      getDeployments: jest.fn().mockResolvedValue({
        ...deploymentsResponse,
        applications: [
          {
            ...prodApplication,
            applicationSet: 'payments-api-prod',
            sync: {
              status: 'Synced',
              revision: `0.4.2,${commit}`,
              revisions: ['0.4.2', commit],
            },
            sources: [
              {
                repoURL: 'https://charts.example.com/go-services',
                chart: 'go-service',
                targetRevision: '0.4.*',
                valueFiles: ['$values/envs/prod/values-prod.yaml'],
                revision: '0.4.2',
              },
              {
                repoURL: 'https://github.com/example-org/payments-api-gitops',
                targetRevision: 'main',
                ref: 'values',
                revision: commit,
              },
            ],
          },
        ],
      }),
    });
    expect(
      await screen.findByText('ApplicationSet payments-api-prod'),
    ).toBeInTheDocument();
    expect(screen.getByText('go-service')).toBeInTheDocument();
    expect(screen.getByText('0.4.2')).toBeInTheDocument();
    expect(
      screen.getByText(/values \$values\/envs\/prod\/values-prod\.yaml/),
    ).toBeInTheDocument();
    // The GitOps source's commit, short, linked to the commit on GitHub.
    expect(screen.getByText('11499ad').closest('a')).toHaveAttribute(
      'href',
      `https://github.com/example-org/payments-api-gitops/commit/${commit}`,
    );
    expect(screen.getByText(/as \$values/)).toBeInTheDocument();
  });

  it('groups the applications an ApplicationSet generated under it, with its progressive sync', async () => {
    await renderCard({
      getDeployments: jest.fn().mockResolvedValue(shippingDeploymentsResponse),
    });
    const appSet = await screen.findByRole('region', {
      name: 'ApplicationSet shipping-api-prod',
    });
    // Its two generated applications sit inside it; staging, a plain Application, does not.
    for (const name of ['shipping-api-prod-eu', 'shipping-api-prod-us']) {
      expect(
        within(appSet).getByRole('region', {
          name: `Argo CD application ${name}`,
        }),
      ).toBeInTheDocument();
    }
    expect(
      within(appSet).queryByRole('region', {
        name: 'Argo CD application shipping-api-staging',
      }),
    ).toBeNull();
    expect(
      screen.getByRole('region', {
        name: 'Argo CD application shipping-api-staging',
      }),
    ).toBeInTheDocument();
    expect(within(appSet).getByText('list')).toBeInTheDocument();
    expect(within(appSet).getByText('1. region In (eu)')).toBeInTheDocument();
    expect(
      within(appSet).getByText('2. region In (us), at most 1 at a time'),
    ).toBeInTheDocument();
    expect(within(appSet).getByText('Pending')).toBeInTheDocument();
    expect(
      within(appSet).getByText(
        'ApplicationSet is performing rollout of step 2',
      ),
    ).toBeInTheDocument();
    // us still runs the previous chart version: each source with what it deployed.
    const us = within(appSet).getByRole('region', {
      name: 'Argo CD application shipping-api-prod-us',
    });
    expect(within(us).getByText('OutOfSync')).toBeInTheDocument();
    expect(within(us).getAllByText('shipping-api')[0]).toBeInTheDocument();
    // Each deploy of the history: the chart's version, then the values commit, linked.
    const [newest] = within(
      within(us).getByRole('table', { name: 'Deployment history' }),
    )
      .getAllByRole('row')
      .slice(1);
    const revisionCell = within(newest).getAllByRole('cell')[1];
    // (the external link announces that it opens in a new window)
    expect(revisionCell.textContent).toMatch(/^1\.4\.1 · [0-9a-f]{7}\b/);
    expect(within(revisionCell).getByRole('link')).toHaveAttribute(
      'href',
      expect.stringMatching(
        /^https:\/\/github\.com\/example-org\/shipping-api-gitops\/commit\/[0-9a-f]{40}$/,
      ),
    );
  });

  it('keeps the group of an ApplicationSet the backend could not read, saying why', async () => {
    const [appSet] = shippingDeploymentsResponse.applicationSets!;
    await renderCard({
      getDeployments: jest.fn().mockResolvedValue({
        ...shippingDeploymentsResponse,
        applicationSets: [
          {
            ...appSet,
            generators: [],
            steps: [],
            conditions: [],
            rollingSyncSteps: undefined,
            failure: {
              kind: 'argocd',
              instance: 'prod',
              reason: 'forbidden',
              message:
                'Argo CD instance prod answered 403: permission denied: applicationsets, get',
            },
          },
        ],
      }),
    });
    const region = await screen.findByRole('region', {
      name: 'ApplicationSet shipping-api-prod',
    });
    expect(
      within(region).getByText(/permission denied: applicationsets, get/),
    ).toBeInTheDocument();
    expect(
      within(region).getByRole('region', {
        name: 'Argo CD application shipping-api-prod-us',
      }),
    ).toBeInTheDocument();
  });

  it('shows the history newest first, with who deployed', async () => {
    await renderCard({
      getDeployments: jest.fn().mockResolvedValue({
        ...deploymentsResponse,
        applications: [applicationWithUnrecordedRevision],
      }),
    });
    const table = await screen.findByRole('table', {
      name: 'Deployment history',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['5', '4', '3', '2', '1']);
    expect(within(rows[1]).getByText('bob')).toBeInTheDocument();
    // An entry without a revision shows a dash rather than an empty link.
    expect(within(rows[2]).getAllByRole('cell')[1].textContent).toBe('—');
  });

  it('shows a degraded application with its failed operation and unhealthy resources', async () => {
    await renderCard({
      getDeployments: jest.fn().mockResolvedValue({
        ...deploymentsResponse,
        applications: [degradedApplication],
      }),
    });
    const app = await screen.findByRole('region', {
      name: 'Argo CD application inventory-api-prod',
    });
    expect(within(app).getByText('Degraded')).toBeInTheDocument();
    expect(
      within(app).getByText(degradedApplication.health.message!),
    ).toBeInTheDocument();
    expect(within(app).getByText('Failed')).toBeInTheDocument();
    expect(
      within(app).getByText(degradedApplication.operation!.message!),
    ).toBeInTheDocument();
    const pod = degradedApplication.resources!.unhealthy.find(
      r => r.kind === 'Pod',
    )!;
    expect(
      within(app).getByText(`Pod ${pod.name}: Degraded — ${pod.message}`, {
        exact: false,
      }),
    ).toBeInTheDocument();
    // A chart version is not a SHA: shown as is, without a commit link.
    expect(
      within(app)
        .getAllByText(degradedApplication.sync.revision!)[0]
        .closest('a'),
    ).toBeNull();
  });

  it('names the instance that failed and still shows the others', async () => {
    await renderCard({
      getDeployments: jest.fn().mockResolvedValue({
        ...deploymentsResponse,
        failures: [
          {
            kind: 'argocd',
            instance: 'staging',
            reason: 'timeout',
            message: "Argo CD 'staging': no answer within 5000 ms",
          },
        ],
      }),
    });
    expect(
      await screen.findByText(/staging could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Argo CD 'staging': no answer within 5000 ms"),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', {
        name: 'Argo CD application payments-api-prod',
      }),
    ).toBeInTheDocument();
  });

  it('shows an empty state naming the instances that were searched', async () => {
    await renderCard({
      getDeployments: jest.fn().mockResolvedValue({
        applications: [],
        failures: [],
        instances: ['prod', 'staging'],
      }),
    });
    expect(
      await screen.findByText('No Argo CD application found'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Searched prod, staging/)).toBeInTheDocument();
  });

  it('shows the backend error, e.g. a malformed annotation', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'InputError',
          message:
            "Annotation 'argocd/app-selector' is invalid: not a label selector",
        },
        request: { method: 'GET', url: '/x' },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'content-type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response as any);
    await renderCard({ getDeployments: jest.fn().mockRejectedValue(error) });
    expect(
      await screen.findByText(/Annotation 'argocd\/app-selector' is invalid/),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderCard({ getDeployments: () => new Promise(() => {}) });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('reloads on refresh', async () => {
    const getDeployments = jest.fn().mockResolvedValue(deploymentsResponse);
    await renderCard({ getDeployments });
    await screen.findByRole('region', {
      name: 'Argo CD application payments-api-prod',
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh deployments' }),
    );
    await screen.findByRole('region', {
      name: 'Argo CD application payments-api-prod',
    });
    expect(getDeployments).toHaveBeenCalledTimes(2);
  });

  it('reads the applications again while a sync or rollback runs, until it ends', async () => {
    jest.useFakeTimers();
    try {
      const running = {
        ...deploymentsResponse,
        applications: [
          {
            ...prodApplication,
            operation: {
              phase: 'Running',
              message: 'one or more tasks are running',
            },
          },
        ],
      };
      const getDeployments = jest
        .fn()
        .mockResolvedValueOnce(running)
        .mockResolvedValue(deploymentsResponse);
      await renderCard({ getDeployments });
      const app = await screen.findByRole('region', {
        name: 'Argo CD application payments-api-prod',
      });
      expect(within(app).getByText('Running')).toBeInTheDocument();
      await act(async () => {
        jest.advanceTimersByTime(10_000);
      });
      await waitFor(() =>
        expect(within(app).getByText('Succeeded')).toBeInTheDocument(),
      );
      // The operation ended: no more reads.
      await act(async () => {
        jest.advanceTimersByTime(60_000);
      });
      expect(getDeployments).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('guides the setup when the entity has no Argo CD annotation, without calling the backend', async () => {
    const getDeployments = jest.fn();
    await renderCard(
      { getDeployments },
      { ...entity, metadata: { name: 'bare', namespace: 'default' } },
    );
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(screen.getAllByText(/argocd\/app-name/).length).toBeGreaterThan(0);
    expect(getDeployments).not.toHaveBeenCalled();
  });
});
