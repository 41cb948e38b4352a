import { Entity } from '@backstage/catalog-model';
import { GO_SERVICE_METRICS } from '@go-delivery/plugin-delivery-common';
// Not in the sandbox's index yet; the deep import keeps working once it is.
import { MetricsHistory } from '@go-delivery/sandbox/src/prometheus';
import { DeployMarker, DeployMarkerSource } from '../DeployMarkerSource';

const MINUTE = 60_000;

/** "Now" of the scenario: the history ends here and the service is told it is this time. */
export const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
export const minutesAgo = (minutes: number) => NOW - minutes * MINUTE;

export const BASELINE = {
  requestsPerSecond: 100,
  errorRatio: 0.005,
  p95Seconds: 0.12,
};
export const CANARY_WEIGHT = 25;

/**
 * payments-api over four hours: a clean deploy, one that raises the error rate to 8 %, a fix, one
 * that raises p95 latency by 40 %, and a canary (25 % of traffic, 20 % errors) started 20 minutes ago.
 */
export const SCENARIO_DEPLOYS = {
  clean: { at: minutesAgo(200), revision: 'a1a1a1a1' },
  errors: {
    at: minutesAgo(160),
    revision: 'b2b2b2b2',
    regression: { errorRatio: 0.08 },
  },
  fix: { at: minutesAgo(120), revision: 'c3c3c3c3' },
  slower: {
    at: minutesAgo(80),
    revision: 'd4d4d4d4',
    regression: { p95Seconds: 0.168 },
  },
  canary: { at: minutesAgo(20), revision: 'e5e5e5e5' },
};

export function scenarioHistory(): MetricsHistory {
  const { clean, errors, fix, slower, canary } = SCENARIO_DEPLOYS;
  return {
    metrics: GO_SERVICE_METRICS,
    from: minutesAgo(240),
    to: NOW,
    scrapeIntervalSeconds: 15,
    services: [
      {
        service: 'payments-api',
        namespace: 'payments',
        baseline: BASELINE,
        initialRevision: '9f9f9f9f',
        deploys: [clean, errors, fix, slower],
        canary: {
          startedAt: canary.at,
          weightPercent: CANARY_WEIGHT,
          revision: canary.revision,
          regression: { errorRatio: 0.2 },
        },
      },
      // Another service on the same Prometheus, which must never leak into payments-api's numbers.
      {
        service: 'payments-api-v2',
        baseline: { requestsPerSecond: 50, errorRatio: 0.5, p95Seconds: 2 },
      },
    ],
  };
}

/** The Argo CD history of the scenario, as the deploy-marker source gives it. */
export function scenarioMarkers(): DeployMarker[] {
  const entries = Object.values(SCENARIO_DEPLOYS).map((d, i) => ({
    deployedAt: new Date(d.at).toISOString(),
    revision: d.revision,
    id: i + 10,
    application: 'payments-api-prod',
    instance: 'prod',
  }));
  // A deploy older than any range the tests ask for.
  return [
    {
      deployedAt: new Date(minutesAgo(600)).toISOString(),
      revision: '0ld0ld0',
      id: 9,
      application: 'payments-api-prod',
      instance: 'prod',
    },
    ...entries,
  ];
}

/**
 * A deploy every `everyHours` over the `days` before the scenario's history (which has no traffic
 * then): many deploys for a week-long view, besides the scenario's own.
 */
export function weekOfMarkers(
  options: { everyHours: number; days: number } = { everyHours: 6, days: 7 },
): DeployMarker[] {
  const count = Math.floor((options.days * 24) / options.everyHours);
  return Array.from({ length: count }, (_, i) => ({
    deployedAt: new Date(
      minutesAgo(options.days * 24 * 60 - i * options.everyHours * 60 - 5),
    ).toISOString(),
    revision: `week${String(i).padStart(4, '0')}`,
    id: 100 + i,
    application: 'payments-api-prod',
    instance: 'prod',
  })).filter(m => Date.parse(m.deployedAt) < minutesAgo(600));
}

export function staticMarkers(
  markers: DeployMarker[] = scenarioMarkers(),
): DeployMarkerSource {
  return { getDeployMarkers: async () => ({ markers, failures: [] }) };
}

export function component(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  };
}
