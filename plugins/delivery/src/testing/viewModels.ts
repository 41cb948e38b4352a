import {
  ArgoCdApplicationView,
  DeploymentsResponse,
} from '@go-delivery/plugin-delivery-common';

/** View models as the Delivery backend returns them, for component tests. */
export const prodApplication: ArgoCdApplicationView = {
  instance: 'prod',
  name: 'payments-api-prod',
  namespace: 'argocd',
  project: 'payments',
  webUrl: 'https://argocd.example.com/applications/argocd/payments-api-prod',
  source: {
    repoURL: 'https://github.com/example-org/payments-api-gitops',
    path: 'overlays/prod',
    targetRevision: 'main',
  },
  destination: {
    server: 'https://kubernetes.default.svc',
    namespace: 'payments',
  },
  sync: {
    status: 'Synced',
    revision: '0d8a4d8b6a3c2f1e9b7a5c3d1e0f2a4b6c8d0e1f',
  },
  health: { status: 'Healthy' },
  autoSync: false,
  operation: {
    phase: 'Succeeded',
    message: 'successfully synced (all tasks run)',
    initiatedBy: 'alice',
  },
  lastDeployedAt: '2026-01-14T10:00:00Z',
  history: [
    {
      id: 2,
      revision: '0d8a4d8b6a3c2f1e9b7a5c3d1e0f2a4b6c8d0e1f',
      deployedAt: '2026-01-14T10:00:00Z',
      initiatedBy: 'alice',
    },
    {
      id: 1,
      revision: '9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c',
      deployedAt: '2026-01-13T16:00:00Z',
      initiatedBy: 'bob',
    },
    { id: 0, deployedAt: '2026-01-12T22:00:00Z', initiatedBy: 'automated' },
  ],
  conditions: [],
  images: ['ghcr.io/example-org/payments-api:1.7.2'],
  resources: {
    total: 12,
    byKind: { Rollout: 1 },
    byHealth: { Healthy: 9 },
    unhealthy: [],
  },
};

export const degradedApplication: ArgoCdApplicationView = {
  ...prodApplication,
  name: 'inventory-api-prod',
  webUrl: undefined,
  sync: { status: 'OutOfSync', revision: 'v2.0.0' },
  health: {
    status: 'Degraded',
    message: 'Deployment exceeded its progress deadline',
  },
  operation: {
    phase: 'Failed',
    message: 'one or more objects failed to apply',
  },
  resources: {
    total: 3,
    byKind: { Deployment: 1, Pod: 2 },
    byHealth: { Degraded: 2 },
    unhealthy: [
      {
        kind: 'Pod',
        name: 'inventory-api-abc',
        health: 'Degraded',
        message: 'CrashLoopBackOff',
      },
    ],
  },
  conditions: [{ type: 'SyncError', message: 'Failed sync attempt' }],
};

export const deploymentsResponse: DeploymentsResponse = {
  applications: [prodApplication],
  failures: [],
  instances: ['prod', 'staging'],
};
