import { ReportedDeliveryEvent } from '@go-delivery/plugin-delivery-common';
import { DeliveryProfile, serviceDeliveryHistory } from './deliveryHistory';

/*
 * The demo services' delivery history before what Argo CD still keeps: what a portal that had been
 * recording for three months would hold. Deterministic, so the figures the sandbox shows are the
 * same on every start, only moved in time.
 */

const DAY = 24 * 3_600_000;

/** The fourth prod deploy of each regresses, so every service shows a restore. */
const PROFILES: Record<string, DeliveryProfile> = {
  'payments-api': {
    prodDeploysPerWeek: 5,
    stagingOnlyShare: 0,
    leadTimeHours: 20,
    failureShare: 0.08,
    restoreMinutes: 45,
    failingDeploys: [4],
  },
  'orders-api': {
    prodDeploysPerWeek: 2,
    stagingOnlyShare: 0.3,
    leadTimeHours: 60,
    failureShare: 0.12,
    restoreMinutes: 150,
    canary: true,
    failingDeploys: [4],
  },
  'inventory-api': {
    prodDeploysPerWeek: 0.6,
    stagingOnlyShare: 0,
    leadTimeHours: 200,
    failureShare: 0.2,
    restoreMinutes: 30 * 60,
    failingDeploys: [4],
  },
};

/** The demo services whose history is seeded. */
export const DEMO_HISTORY_SERVICES = Object.keys(PROFILES);

/**
 * The demo services' events over `days` days up to `until` (milliseconds; the oldest deploy Argo
 * CD still keeps, so nothing is counted twice), oldest first per service.
 */
export function demoDeliveryHistory(options: {
  until: number;
  days?: number;
}): Record<string, ReportedDeliveryEvent[]> {
  const from = options.until - (options.days ?? 90) * DAY;
  return Object.fromEntries(
    Object.entries(PROFILES).map(([service, profile]) => [
      service,
      serviceDeliveryHistory({ service, profile, from, until: options.until }),
    ]),
  );
}
