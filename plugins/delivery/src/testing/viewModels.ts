import {
  ArgoCdApplicationView,
  CoverageHistoryResponse,
  CoverageResponse,
  DeploymentsResponse,
  MetricsView,
  PipelineRunView,
  PipelineRunsResponse,
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

const SHA = '3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a';
const PREVIOUS_SHA = '8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b';

/** A finished run: three tasks, the second much longer than the others. */
export const succeededRun: PipelineRunView = {
  cluster: 'dev',
  namespace: 'payments',
  name: 'payments-api-ci-7xk2p',
  uid: 'b1c4a7e2-0d6f-4c59-9a1e-3f7b2d8c5e10',
  pipelineName: 'go-service-ci',
  status: 'succeeded',
  reason: 'Succeeded',
  message: 'Tasks Completed: 3 (Failed: 0, Cancelled 0), Skipped: 0',
  createdAt: '2026-01-14T09:00:00Z',
  startedAt: '2026-01-14T09:00:02Z',
  completedAt: '2026-01-14T09:05:02Z',
  durationMs: 300_000,
  commit: SHA,
  branch: 'main',
  repositoryUrl: 'https://github.com/example-org/payments-api',
  eventType: 'push',
  cancellable: false,
  taskRuns: [
    {
      name: 'payments-api-ci-7xk2p-clone',
      pipelineTaskName: 'clone',
      status: 'succeeded',
      startedAt: '2026-01-14T09:00:02Z',
      completedAt: '2026-01-14T09:00:32Z',
      durationMs: 30_000,
      hasLogs: true,
      steps: [
        {
          name: 'clone',
          status: 'succeeded',
          reason: 'Completed',
          exitCode: 0,
          durationMs: 28_000,
        },
      ],
    },
    {
      name: 'payments-api-ci-7xk2p-test',
      pipelineTaskName: 'test',
      status: 'succeeded',
      startedAt: '2026-01-14T09:00:32Z',
      completedAt: '2026-01-14T09:04:02Z',
      durationMs: 210_000,
      hasLogs: true,
      steps: [
        {
          name: 'go-test',
          status: 'succeeded',
          reason: 'Completed',
          exitCode: 0,
          durationMs: 185_000,
        },
        {
          name: 'coverage-gate',
          status: 'succeeded',
          reason: 'Completed',
          exitCode: 0,
          durationMs: 4_000,
        },
      ],
    },
    {
      name: 'payments-api-ci-7xk2p-build',
      pipelineTaskName: 'build',
      status: 'succeeded',
      startedAt: '2026-01-14T09:04:02Z',
      completedAt: '2026-01-14T09:05:02Z',
      durationMs: 60_000,
      hasLogs: true,
      steps: [
        {
          name: 'build-and-push',
          status: 'succeeded',
          reason: 'Completed',
          exitCode: 0,
          durationMs: 58_000,
        },
      ],
    },
  ],
  skippedTasks: [],
};

/** A run still going: its test task runs, build has not started. */
export const runningRun: PipelineRunView = {
  cluster: 'dev',
  namespace: 'payments',
  name: 'payments-api-ci-r2d9w',
  pipelineName: 'go-service-ci',
  status: 'running',
  reason: 'Running',
  createdAt: '2026-01-14T10:00:00Z',
  startedAt: '2026-01-14T10:00:01Z',
  durationMs: 95_000,
  commit: PREVIOUS_SHA,
  branch: 'feature/refunds',
  repositoryUrl: 'https://github.com/example-org/payments-api',
  eventType: 'pull_request',
  cancellable: true,
  taskRuns: [
    {
      name: 'payments-api-ci-r2d9w-clone',
      pipelineTaskName: 'clone',
      status: 'succeeded',
      durationMs: 25_000,
      hasLogs: true,
      steps: [{ name: 'clone', status: 'succeeded', durationMs: 24_000 }],
    },
    {
      name: 'payments-api-ci-r2d9w-test',
      pipelineTaskName: 'test',
      status: 'running',
      durationMs: 70_000,
      hasLogs: true,
      steps: [
        { name: 'go-test', status: 'running', durationMs: 68_000 },
        { name: 'coverage-gate', status: 'pending', reason: 'PodInitializing' },
      ],
    },
  ],
  skippedTasks: [],
};

/** A failed run whose last task was skipped, and one of whose TaskRuns could not be read. */
export const failedRun: PipelineRunView = {
  cluster: 'dev',
  namespace: 'payments',
  name: 'payments-api-ci-q8m4t',
  pipelineName: 'go-service-ci',
  status: 'failed',
  reason: 'Failed',
  message: 'Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 1',
  startedAt: '2026-01-13T16:00:00Z',
  completedAt: '2026-01-13T16:03:00Z',
  durationMs: 180_000,
  commit: PREVIOUS_SHA,
  branch: 'main',
  repositoryUrl: 'https://github.com/example-org/payments-api',
  cancellable: false,
  taskRuns: [
    {
      name: 'payments-api-ci-q8m4t-lint',
      pipelineTaskName: 'lint',
      status: 'failed',
      reason: 'Failed',
      message: '"step-golangci-lint" exited with code 1',
      durationMs: 120_000,
      hasLogs: true,
      steps: [
        {
          name: 'golangci-lint',
          status: 'failed',
          reason: 'Error',
          exitCode: 1,
          durationMs: 118_000,
        },
      ],
    },
  ],
  skippedTasks: [{ name: 'build', reason: 'PipelineRunStopping' }],
  taskRunsFailure: {
    kind: 'kubernetes',
    instance: 'dev',
    reason: 'forbidden',
    status: 403,
    message: "Kubernetes cluster 'dev' refused to list TaskRuns (403)",
  },
};

export const pipelineRunsResponse: PipelineRunsResponse = {
  runs: [runningRun, succeededRun, failedRun],
  failures: [],
  clusters: ['dev'],
};

export const coverageResponse: CoverageResponse = {
  entityRef: 'component:default/payments-api',
  threshold: { percent: 80, source: 'annotation' },
  latest: {
    commit: SHA,
    branch: 'main',
    uploadedAt: '2026-01-14T09:04:00Z',
    format: 'go',
    unit: 'statements',
    covered: 783,
    total: 1000,
    percent: 78.3,
    packageCount: 3,
    fileCount: 5,
    passed: false,
    previous: {
      commit: PREVIOUS_SHA,
      branch: 'main',
      uploadedAt: '2026-01-13T16:02:00Z',
      format: 'go',
      unit: 'statements',
      covered: 801,
      total: 1000,
      percent: 80.1,
      packageCount: 3,
      fileCount: 5,
    },
    delta: -1.8,
    packages: [
      {
        name: 'github.com/example-org/payments-api/cmd/server',
        covered: 0,
        total: 0,
        percent: null,
      },
      {
        name: 'github.com/example-org/payments-api/internal/httpapi',
        covered: 450,
        total: 500,
        percent: 90,
      },
      {
        name: 'github.com/example-org/payments-api/internal/ledger',
        covered: 333,
        total: 500,
        percent: 66.6,
      },
    ],
  },
};

export const coverageHistoryResponse: CoverageHistoryResponse = {
  entityRef: 'component:default/payments-api',
  threshold: { percent: 80, source: 'annotation' },
  branch: 'main',
  points: [
    {
      commit: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
      branch: 'main',
      uploadedAt: '2026-01-12T12:00:00Z',
      covered: 790,
      total: 1000,
      percent: 79,
      passed: false,
    },
    {
      commit: PREVIOUS_SHA,
      branch: 'main',
      uploadedAt: '2026-01-13T16:02:00Z',
      covered: 801,
      total: 1000,
      percent: 80.1,
      passed: true,
    },
    {
      commit: SHA,
      branch: 'main',
      uploadedAt: '2026-01-14T09:04:00Z',
      covered: 783,
      total: 1000,
      percent: 78.3,
      passed: false,
    },
  ],
};

const METRICS_START = Date.parse('2026-01-14T07:00:00Z');
const STEP_MS = 30 * 60 * 1000;

/** Seven points, every 30 minutes from 07:00 to 10:00. */
function points(values: Array<number | null>) {
  return values.map((v, i) => ({ t: METRICS_START + i * STEP_MS, v }));
}

/** Three hours of a service with a canary: a clean deploy at 08:00, a regression at 09:00. */
export const metricsView: MetricsView = {
  configured: true,
  instance: 'prod',
  service: 'payments-api',
  canarySplit: true,
  range: {
    start: '2026-01-14T07:00:00.000Z',
    end: '2026-01-14T10:00:00.000Z',
    stepSeconds: 1800,
  },
  signals: [
    {
      signal: 'requestRate',
      unit: 'requests/s',
      query: 'sum by (service) (rate(http_requests_total[5m]))',
      graphUrl: 'https://prometheus.example.com/graph?g0.expr=x',
      series: [
        {
          track: 'stable',
          service: 'payments-api',
          points: points([12, 12.5, 13, 12.8, 11, 10.5, 10]),
        },
        {
          track: 'canary',
          service: 'payments-api-canary',
          points: points([null, null, null, null, 1.2, 1.5, 2]),
        },
      ],
    },
    {
      signal: 'errorRate',
      unit: 'ratio',
      query: 'error ratio',
      series: [
        {
          track: 'stable',
          service: 'payments-api',
          points: points([0.001, 0.001, 0.002, 0.001, 0.001, 0.001, 0.001]),
        },
        {
          track: 'canary',
          service: 'payments-api-canary',
          points: points([null, null, null, null, 0.05, 0.06, 0.055]),
        },
      ],
    },
    {
      signal: 'p95Latency',
      unit: 'seconds',
      query: 'histogram_quantile(0.95, ...)',
      series: [
        {
          track: 'stable',
          service: 'payments-api',
          points: points([0.12, 0.12, 0.118, 0.121, 0.12, 0.119, 0.12]),
        },
        {
          track: 'canary',
          service: 'payments-api-canary',
          points: points([null, null, null, null, 0.168, 0.17, 0.169]),
        },
      ],
    },
  ],
  ruleQueries: [],
  deploys: [
    {
      deployedAt: '2026-01-14T08:00:00.000Z',
      revision: PREVIOUS_SHA,
      id: 4,
      application: 'payments-api-prod',
      instance: 'prod',
      verdict: {
        verdict: 'healthy',
        summary:
          'No regression: error rate and p95 latency stayed within the thresholds.',
        windowMinutes: 30,
        errorRateIncrease: 0.0005,
        p95IncreasePercent: 1.5,
        thresholds: { maxErrorRateIncrease: 0.01, maxP95IncreasePercent: 20 },
      },
    },
    {
      deployedAt: '2026-01-14T09:00:00.000Z',
      revision: SHA,
      id: 5,
      application: 'payments-api-prod',
      instance: 'prod',
      verdict: {
        verdict: 'regression',
        summary: 'This deploy raised p95 latency by 40 % (120 ms → 168 ms).',
        windowMinutes: 30,
        errorRateIncrease: 0.05,
        p95IncreasePercent: 40,
        thresholds: { maxErrorRateIncrease: 0.01, maxP95IncreasePercent: 20 },
      },
    },
  ],
  deployFailures: [],
};
