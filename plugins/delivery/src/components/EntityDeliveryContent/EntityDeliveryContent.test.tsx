import { ErrorBudgetResponse } from '@go-delivery/plugin-delivery-common';
import { environmentsResponse } from '../EnvironmentsCard/__fixtures__/promotionResponses';
import { Entity } from '@backstage/catalog-model';
import { screen, within } from '@testing-library/react';
import { DeliveryApi } from '../../api';
import {
  renderWithEntity,
  serviceEntity,
} from '../../__testUtils__/renderWithEntity';
import {
  coverageHistoryResponse,
  coverageResponse,
  deploymentsResponse,
  metricsView,
  pipelineRunsResponse,
} from '../../testing/viewModels';
import { rolloutsResponse } from '../../testing/rolloutViewModels';
import { paymentsDora } from '../DoraCard/__fixtures__/doraResponses';
import { EntityDeliveryContent } from './EntityDeliveryContent';

const ALL = {
  'argocd/app-selector': 'app.kubernetes.io/part-of=payments-api',
  'backstage.io/kubernetes-id': 'payments-api',
  'tekton.dev/cicd': 'true',
  'backstage.io/code-coverage': 'enabled',
  'go-delivery.dev/metrics-service': 'payments-api',
  'go-delivery.dev/slo-availability': '99.5',
};

const errorBudget: ErrorBudgetResponse = {
  slo: { availability: 0.995, windowDays: 30 },
  instance: 'default',
  budgets: [
    {
      environment: 'prod',
      namespace: 'payments',
      availability: {
        objective: 0.995,
        sli: 0.998,
        budgetRemaining: 0.6,
        burnRates: { '1h': 0.4, '6h': 0.5 },
        requests: 1_000_000,
        status: 'healthy',
      },
    },
  ],
  failures: [],
};

function fullApi(): { [K in keyof DeliveryApi]: jest.Mock } {
  return {
    getDeployments: jest.fn().mockResolvedValue(deploymentsResponse),
    getPipelineRuns: jest.fn().mockResolvedValue(pipelineRunsResponse),
    getPipelineStepLog: jest.fn(),
    rerunPipelineRun: jest.fn(),
    cancelPipelineRun: jest.fn(),
    getCoverage: jest.fn().mockResolvedValue(coverageResponse),
    getCoverageHistory: jest.fn().mockResolvedValue(coverageHistoryResponse),
    getMetrics: jest.fn().mockResolvedValue(metricsView),
    getRollouts: jest.fn().mockResolvedValue(rolloutsResponse),
    rolloutAction: jest.fn(),
    getRollbackOptions: jest.fn(),
    previewRollback: jest.fn(),
    rollback: jest.fn(),
    getDora: jest.fn().mockResolvedValue(paymentsDora),
    getTeamDora: jest.fn(),
    getEnvironments: jest.fn().mockResolvedValue(environmentsResponse),
    previewPromotion: jest.fn(),
    promote: jest.fn(),
    getErrorBudget: jest.fn().mockResolvedValue(errorBudget),
  };
}

function render(entity: Entity, api: Partial<DeliveryApi> = fullApi()) {
  return renderWithEntity(<EntityDeliveryContent />, { entity, api });
}

describe('EntityDeliveryContent', () => {
  it('shows the deployment card for an entity with Argo CD annotations', async () => {
    const api = fullApi();
    await render(
      serviceEntity('svc', { 'argocd/app-selector': 'team=a' }),
      api,
    );
    expect(await screen.findByText('Deployments')).toBeInTheDocument();
    expect(
      await screen.findByRole('region', {
        name: 'Argo CD application payments-api-prod',
      }),
    ).toBeInTheDocument();
    // The cards the annotations ask for: Argo CD's, and the DORA figures built on its deploys.
    expect(
      await screen.findByRole('region', { name: 'Deployment frequency' }),
    ).toBeInTheDocument();
    expect(api.getDora).toHaveBeenCalledTimes(1);
    expect(api.getPipelineRuns).not.toHaveBeenCalled();
    expect(api.getCoverage).not.toHaveBeenCalled();
    expect(api.getMetrics).not.toHaveBeenCalled();
  });

  it('shows every card an annotated service asks for', async () => {
    await render(serviceEntity('payments-api', ALL));
    expect(
      await screen.findByRole('region', {
        name: 'Argo CD application payments-api-prod',
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Pipeline runs' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('region', { name: 'Coverage summary' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Deploys' }),
    ).toBeInTheDocument();
    for (const title of ['Coverage', 'Pipeline runs', 'Golden signals']) {
      expect(screen.getByRole('heading', { name: title })).toBeInTheDocument();
    }
  });

  it('keeps the other cards when one request fails and another card breaks', async () => {
    const api = fullApi();
    api.getCoverage.mockRejectedValue(new Error('coverage store is down'));
    // A malformed answer makes the pipeline card throw while rendering.
    api.getPipelineRuns.mockResolvedValue({});
    await render(serviceEntity('payments-api', ALL), api);
    expect(
      await screen.findByText(/coverage store is down/),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('region', {
        name: 'Argo CD application payments-api-prod',
      }),
    ).toBeInTheDocument();
    const signals = await screen.findByRole('region', {
      name: 'Golden signals',
    });
    expect(
      await within(signals).findByRole('table', { name: 'Deploys' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Pipeline runs' })).toBeNull();
    expect(screen.getByText(/Something Went Wrong/)).toBeInTheDocument();
  });

  it('puts rollout health first, with the golden signals inside it, and reads the applications once', async () => {
    const api = fullApi();
    await render(serviceEntity('payments-api', ALL), api);
    const cards = await screen.findAllByRole('heading', { level: 2 });
    expect(cards.map(h => h.textContent)).toEqual([
      'Rollout health',
      'Environments',
      'Error budget',
      'Deployments',
      'Coverage',
      'DORA metrics',
      'Pipeline runs',
    ]);
    expect(
      await screen.findByRole('region', { name: 'Rollout orders-api' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Argo CD applications' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('region', { name: 'Golden signals' }),
    ).toHaveLength(1);
    expect(api.getDeployments).toHaveBeenCalledTimes(1);
    expect(api.getRollouts).toHaveBeenCalledTimes(1);
  });

  it('guides the setup for an entity without any delivery annotation', async () => {
    const api = fullApi();
    await render(serviceEntity('svc', {}), api);
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(api.getDeployments).not.toHaveBeenCalled();
    expect(api.getDora).not.toHaveBeenCalled();
  });
});
