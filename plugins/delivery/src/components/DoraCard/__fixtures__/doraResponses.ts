import {
  DeliveryEventView,
  DoraFigure,
  DoraFigures,
  DoraLevel,
  EntityDoraResponse,
  TeamDoraResponse,
} from '@go-delivery/plugin-delivery-common';

/*
 * DORA answers as the backend's view models type them, for the card's and the team page's tests.
 * The backend is written alongside; these follow its types, not a recorded answer.
 */

function figure(
  unit: DoraFigure['unit'],
  value: number | null,
  level: DoraLevel | null,
  explanation: string,
  eventIds: string[] = [],
): DoraFigure {
  return {
    value,
    unit,
    level,
    explanation,
    eventIds,
    eventCount: eventIds.length,
  };
}

const period = {
  from: '2026-01-01T00:00:00.000Z',
  to: '2026-04-01T00:00:00.000Z',
  days: 90,
};

const SHA_1 = '4b8c2f0e9a1d3c5b7e6f8a0b1c2d3e4f5a6b7c8d';
const SHA_2 = '9f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6';

/** A deploy that succeeded, one that failed, and the rollback after it: payments-api in prod. */
export const paymentsEvents: DeliveryEventView[] = [
  {
    id: 'ev-3',
    kind: 'rollback',
    entityRef: 'component:default/payments-api',
    environment: 'prod',
    at: '2026-03-30T10:20:00.000Z',
    instance: 'prod',
    application: 'payments-api-prod',
    revision: SHA_1,
    source: 'action',
    summary: 'Rolled back to 4b8c2f0 after the failed deploy of 9f1e2d3',
  },
  {
    id: 'ev-2',
    kind: 'deploy',
    entityRef: 'component:default/payments-api',
    environment: 'prod',
    at: '2026-03-30T08:00:00.000Z',
    finishedAt: '2026-03-30T08:04:00.000Z',
    instance: 'prod',
    application: 'payments-api-prod',
    revision: SHA_2,
    result: 'failed',
    source: 'argocd',
    summary: 'Deploy of 9f1e2d3 failed: sync error',
  },
  {
    id: 'ev-1',
    kind: 'deploy',
    entityRef: 'component:default/payments-api',
    environment: 'prod',
    at: '2026-03-24T09:00:00.000Z',
    finishedAt: '2026-03-24T09:03:00.000Z',
    instance: 'prod',
    application: 'payments-api-prod',
    revision: SHA_1,
    result: 'succeeded',
    source: 'argocd',
    summary: 'Deployed 4b8c2f0 to prod',
  },
];

export const paymentsFigures: DoraFigures = {
  deploymentFrequency: figure(
    'deploys/week',
    3.5,
    'high',
    '45 deploys to prod in 90 days: 3.5 a week.',
    ['ev-1', 'ev-2'],
  ),
  leadTimeForChanges: figure(
    'hours',
    18,
    'elite',
    'Median of 45 deploys from commit to prod: 18 hours.',
    ['ev-1', 'ev-2'],
  ),
  changeFailureRate: figure(
    'ratio',
    0.04,
    'medium',
    '2 of 45 deploys failed or were rolled back.',
    ['ev-2', 'ev-3'],
  ),
  timeToRestore: figure(
    'hours',
    2.1,
    'low',
    'Median of 2 restores after a failed deploy: 2.1 hours.',
    ['ev-2', 'ev-3'],
  ),
};

/** payments-api in prod (the backend's default environment) over 90 days. */
export const paymentsDora: EntityDoraResponse = {
  entityRef: 'component:default/payments-api',
  environment: 'prod',
  environments: ['staging', 'prod'],
  period,
  figures: paymentsFigures,
  weeks: [
    {
      weekStart: '2026-03-30',
      deploys: 1,
      failedDeploys: 1,
      leadTimeHours: null,
    },
    {
      weekStart: '2026-03-23',
      deploys: 4,
      failedDeploys: 0,
      leadTimeHours: 16,
    },
    {
      weekStart: '2026-03-16',
      deploys: 3,
      failedDeploys: 0,
      leadTimeHours: 20.5,
    },
  ],
  events: paymentsEvents,
  collectedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
};

/** The same service in staging, for the environment selector. */
export const paymentsStagingDora: EntityDoraResponse = {
  ...paymentsDora,
  environment: 'staging',
  figures: {
    ...paymentsFigures,
    deploymentFrequency: figure(
      'deploys/week',
      12.4,
      'elite',
      '160 deploys to staging in 90 days: 12.4 a week.',
    ),
  },
  events: [],
};

const noFigures: DoraFigures = {
  deploymentFrequency: figure('deploys/week', null, null, 'No deploy yet.'),
  leadTimeForChanges: figure('hours', null, null, 'No deploy yet.'),
  changeFailureRate: figure('ratio', null, null, 'No deploy yet.'),
  timeToRestore: figure('hours', null, null, 'No failure yet.'),
};

/** A service the collector has looked at but found no event for. */
export const noEventsDora: EntityDoraResponse = {
  entityRef: 'component:default/payments-api',
  environment: 'prod',
  environments: [],
  period,
  figures: noFigures,
  weeks: [],
  events: [],
  collectedAt: '2026-04-01T00:00:00.000Z',
};

function serviceFigures(
  deploysPerWeek: number,
  deployLevel: DoraLevel,
  leadTimeHours: number | null,
  failureRate: number,
  restoreHours: number | null,
): DoraFigures {
  return {
    deploymentFrequency: figure(
      'deploys/week',
      deploysPerWeek,
      deployLevel,
      'Deploys in the period.',
    ),
    leadTimeForChanges: figure(
      'hours',
      leadTimeHours,
      leadTimeHours === null ? null : 'high',
      'Median lead time.',
    ),
    changeFailureRate: figure(
      'ratio',
      failureRate,
      failureRate > 0.15 ? 'low' : 'elite',
      'Failed deploys.',
    ),
    timeToRestore: figure(
      'hours',
      restoreHours,
      restoreHours === null ? null : 'medium',
      'Median restore.',
    ),
  };
}

/** team-payments: three services, and the team's figures over all their events. */
export const teamDora: TeamDoraResponse = {
  groupRef: 'group:default/team-payments',
  period,
  services: [
    {
      entityRef: 'component:default/payments-api',
      title: 'Payments API',
      environment: 'prod',
      figures: serviceFigures(3.5, 'high', 18, 0.04, 2.1),
    },
    {
      entityRef: 'component:default/ledger',
      environment: 'prod',
      figures: serviceFigures(0.5, 'medium', 96, 0.25, 30),
    },
    {
      entityRef: 'component:default/invoices',
      environment: 'production',
      figures: serviceFigures(12, 'elite', null, 0, null),
    },
  ],
  aggregate: {
    deploymentFrequency: figure(
      'deploys/week',
      16,
      'elite',
      '208 deploys of 3 services in 90 days: 16 a week.',
    ),
    leadTimeForChanges: figure(
      'hours',
      20,
      'high',
      'Median of 208 deploys from commit to production: 20 hours.',
    ),
    changeFailureRate: figure(
      'ratio',
      0.06,
      'high',
      '12 of 208 deploys failed or were rolled back.',
    ),
    timeToRestore: figure(
      'hours',
      5,
      'high',
      'Median of 12 restores: 5 hours.',
    ),
  },
};

/** A group that owns no service with recorded events. */
export const emptyTeamDora: TeamDoraResponse = {
  groupRef: 'group:default/team-payments',
  period,
  services: [],
  aggregate: noFigures,
};
