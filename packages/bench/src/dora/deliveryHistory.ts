import { ReportedDeliveryEvent } from '@go-delivery/plugin-delivery-common';
import {
  between,
  DeliveryProfile,
  seededRandom,
  serviceDeliveryHistory as generateHistory,
} from '@go-delivery/sandbox';

/*
 * The benchmark's services draw their delivery profile from a range (the sandbox's generator
 * makes the events): the same profile and events for a service name on every run.
 */

/** 3–5 prod deploys a week, a staging deploy before each and some more, 4–15 % regressions. */
export function profileOf(service: string): DeliveryProfile {
  const next = seededRandom(`profile:${service}`);
  return {
    prodDeploysPerWeek: between(next, 3, 5),
    stagingOnlyShare: between(next, 0.2, 0.6),
    leadTimeHours: between(next, 4, 72),
    failureShare: between(next, 0.04, 0.15),
    restoreMinutes: between(next, 20, 240),
  };
}

/** One service's events from `from` to `until` (milliseconds), oldest first. */
export function serviceDeliveryHistory(options: {
  service: string;
  from: number;
  until: number;
}): ReportedDeliveryEvent[] {
  return generateHistory({ ...options, profile: profileOf(options.service) });
}
