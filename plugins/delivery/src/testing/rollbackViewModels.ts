import {
  RollbackApplicationOption,
  RollbackOptionsResponse,
  RollbackPreview,
  RollbackResult,
} from '@go-delivery/plugin-delivery-common';

/*
 * View models of the rollback routes as the Delivery backend returns them for the sandbox's
 * payments-api (prod: manual sync, production-like; staging: auto-sync) and orders-api canary.
 */

const GITOPS_URL = 'https://github.com/example-org/payments-api-gitops';
const IMAGE = 'ghcr.io/example-org/payments-api';
const FILE = 'overlays/prod/kustomization.yaml';

/** payments-api's prod deploys, oldest first (one GitOps commit each). */
export const PAYMENTS_COMMITS = [
  '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
  '2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e',
  '3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f',
  '4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70',
  '5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081',
  '6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192',
];

export const prodOption: RollbackApplicationOption = {
  instance: 'prod',
  application: 'payments-api-prod',
  appNamespace: 'argocd',
  project: 'payments',
  currentRevision: PAYMENTS_COMMITS[5],
  autoSync: false,
  confirmationRequired: true,
  confirmationText: 'payments-api-prod',
  argocd: { available: true, requiresDisablingAutoSync: false },
  gitops: {
    available: true,
    provider: 'local',
    mode: 'commit',
    repository: GITOPS_URL,
    branch: 'main',
    file: FILE,
  },
  history: [5, 4, 3, 2, 1, 0].map(id => ({
    id,
    revision: PAYMENTS_COMMITS[id],
    deployedAt: `2026-01-1${id}T12:00:00Z`,
    initiatedBy: id % 2 ? 'alice' : 'automated',
    current: id === 5,
  })),
};

export const stagingOption: RollbackApplicationOption = {
  instance: 'staging',
  application: 'payments-api-staging',
  appNamespace: 'argocd',
  project: 'payments',
  currentRevision: PAYMENTS_COMMITS[5],
  autoSync: true,
  confirmationRequired: false,
  confirmationText: 'payments-api-staging',
  argocd: {
    available: true,
    requiresDisablingAutoSync: true,
    reason:
      'Argo CD refuses a rollback while automated sync is on ("rollback cannot be initiated when auto-sync is enabled"): the rollback turns it off first, as Argo CD\'s UI does, and it stays off until someone turns it on again',
  },
  gitops: {
    available: false,
    reason:
      "No GitOps repository is configured for 'https://git.example.com/staging.git'",
  },
  history: [
    {
      id: 8,
      revision: PAYMENTS_COMMITS[5],
      deployedAt: '2026-01-15T09:00:00Z',
      initiatedBy: 'automated',
      current: true,
    },
    {
      id: 7,
      revision: PAYMENTS_COMMITS[4],
      deployedAt: '2026-01-14T09:00:00Z',
      initiatedBy: 'automated',
      current: false,
    },
  ],
};

export const ordersCanaryOption: RollbackOptionsResponse['canaries'][number] = {
  rollout: { cluster: 'prod', namespace: 'orders', name: 'orders-api' },
  phase: 'Paused',
  message: 'CanaryPauseStep',
  currentStepIndex: 1,
  totalSteps: 5,
  weights: { canary: 20, stable: 80, source: 'steps' },
  canaryImages: ['ghcr.io/example-org/orders-api:2.4.0'],
  stableImages: ['ghcr.io/example-org/orders-api:2.3.0'],
  confirmationRequired: true,
  confirmationText: 'orders-api',
};

/** payments-api: two applications, no canary running. */
export const paymentsOptions: RollbackOptionsResponse = {
  canaries: [],
  applications: [prodOption, stagingOption],
  allowed: { abortCanary: true, rollback: true },
  failures: [],
};

/** orders-api: a canary to abort; its application is busy syncing. */
export const ordersOptions: RollbackOptionsResponse = {
  canaries: [ordersCanaryOption],
  applications: [
    {
      ...prodOption,
      application: 'orders-api-prod',
      confirmationText: 'orders-api-prod',
      autoSync: true,
      argocd: {
        available: false,
        requiresDisablingAutoSync: true,
        reason: 'Another operation (a sync) is running; wait for it to finish',
      },
      gitops: {
        available: false,
        reason:
          'The GitHub integration for github.com has no token or app to write with',
      },
    },
  ],
  allowed: { abortCanary: true, rollback: true },
  failures: [],
};

export const gitopsPreview: RollbackPreview = {
  target: {
    kind: 'gitops',
    instance: 'prod',
    application: 'payments-api-prod',
    appNamespace: 'argocd',
    historyId: 4,
  },
  summary: `Commit to main: pin ${IMAGE} to ${IMAGE}:1.7.1 (the image of deploy #4) in ${FILE}`,
  confirmationRequired: true,
  confirmationText: 'payments-api-prod',
  fromRevision: PAYMENTS_COMMITS[5],
  toRevision: PAYMENTS_COMMITS[4],
  toDeployedAt: '2026-01-14T12:00:00Z',
  image: {
    from: { name: IMAGE, reference: `${IMAGE}:1.7.2`, tag: '1.7.2' },
    to: { name: IMAGE, reference: `${IMAGE}:1.7.1`, tag: '1.7.1' },
  },
  gitops: {
    provider: 'local',
    mode: 'commit',
    repository: GITOPS_URL,
    branch: 'main',
    file: FILE,
    diff: [
      `--- a/${FILE}`,
      `+++ b/${FILE}`,
      '@@ -10,3 +10,3 @@',
      ' images:',
      `   - name: ${IMAGE}`,
      '-    newTag: "1.7.2"',
      '+    newTag: "1.7.1"',
      '',
    ].join('\n'),
  },
  notes: [
    "Automated sync is off: sync 'payments-api-prod' after the change is on the branch.",
  ],
};

export const gitopsResult: RollbackResult = {
  target: gitopsPreview.target,
  message: `Committed 9f8e7d6 to main: ${FILE} pins ${IMAGE}:1.7.1`,
  commit: {
    sha: '9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c',
    branch: 'main',
    url: `${GITOPS_URL}/commit/9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c`,
  },
  replayed: false,
};

export const stagingArgoCdPreview: RollbackPreview = {
  target: {
    kind: 'argocd',
    instance: 'staging',
    application: 'payments-api-staging',
    appNamespace: 'argocd',
    historyId: 7,
    disableAutoSync: true,
  },
  summary:
    "Argo CD syncs 'payments-api-staging' on 'staging' back to deploy #7",
  confirmationRequired: false,
  confirmationText: 'payments-api-staging',
  fromRevision: PAYMENTS_COMMITS[5],
  toRevision: PAYMENTS_COMMITS[4],
  autoSyncEnabled: true,
  willDisableAutoSync: true,
  notes: [
    "Automated sync is turned off first, as Argo CD's UI does; it stays off until someone turns it on again, or the next commit would undo the rollback.",
  ],
};

export const stagingArgoCdResult: RollbackResult = {
  target: stagingArgoCdPreview.target,
  message:
    "Argo CD is syncing 'payments-api-staging' back to deploy #7 (automated sync turned off); requested by user:default/guest",
  operation: {
    phase: 'Running',
    revision: PAYMENTS_COMMITS[4],
    startedAt: '2026-01-15T10:00:00Z',
  },
  autoSyncDisabled: true,
  replayed: false,
};

export const abortPreview: RollbackPreview = {
  target: { kind: 'abort-canary', rollout: ordersCanaryOption.rollout },
  summary:
    "Abort the canary of 'orders-api': all traffic returns to the stable ReplicaSet 7b9c5d8f46 (ghcr.io/example-org/orders-api:2.3.0)",
  confirmationRequired: true,
  confirmationText: 'orders-api',
  canary: {
    weights: { canary: 20, stable: 80, source: 'steps' },
    stableHash: '7b9c5d8f46',
    canaryImages: ['ghcr.io/example-org/orders-api:2.4.0'],
    stableImages: ['ghcr.io/example-org/orders-api:2.3.0'],
  },
  notes: [
    "The Rollout's spec still names the new version: it stays aborted (Degraded) until it is retried, or its template is returned to the stable one (undo, or a GitOps rollback).",
  ],
};

export const abortResult: RollbackResult = {
  target: abortPreview.target,
  message:
    "Rollout 'orders-api' aborted: traffic returns to the stable ReplicaSet (the canary had 20 %)",
  replayed: false,
};
