import { ReportedDeliveryEvent } from '@go-delivery/plugin-delivery-common';
import { createHash } from 'node:crypto';

/*
 * Delivery history of a service, as a portal that had been recording for a while would hold it.
 * Deterministic (a seeded generator per service): the same events on every run, only moved in
 * time. The sandbox's demo services and the benchmark's many services both come from here, with
 * their own profiles.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How one service delivers. */
export interface DeliveryProfile {
  /** Mean prod deploys per week. */
  prodDeploysPerWeek: number;
  /** Staging deploys that never reach prod, per prod deploy. */
  stagingOnlyShare: number;
  /** Median hours from commit to prod. */
  leadTimeHours: number;
  /** Share of prod deploys that regress and are rolled back. */
  failureShare: number;
  /** Minutes from the regression to the restoring deploy. */
  restoreMinutes: number;
  /** A canary: a regression is aborted (`abort`) rather than rolled back. */
  canary?: boolean;
  /** Prod deploys (1 = the first) that regress whatever the share says. */
  failingDeploys?: number[];
}

/** A small seeded generator (mulberry32): the same numbers on every run. */
export function seededRandom(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function between(next: () => number, low: number, high: number): number {
  return low + next() * (high - low);
}

/**
 * One service's events from `from` to `until` (milliseconds), oldest first, in the shape the
 * report endpoint takes: per prod deploy a staging deploy of the same revision before it; now
 * and then a staging deploy that goes no further; a regressed prod deploy is followed by a
 * regression, a rollback (an abort for a canary) and the deploy of the previous revision that
 * restores the service.
 */
export function serviceDeliveryHistory(options: {
  service: string;
  profile: DeliveryProfile;
  from: number;
  until: number;
}): ReportedDeliveryEvent[] {
  const { service, profile, from, until } = options;
  const next = seededRandom(`history:${service}`);
  const events: ReportedDeliveryEvent[] = [];
  const meanGapMs = (7 * DAY) / profile.prodDeploysPerWeek;
  const last = until - 6 * HOUR;
  let previousRevision: string | undefined;
  let n = 0;
  // Exponential gaps between deploys, moved into working hours.
  for (
    let at = from + next() * meanGapMs;
    at < last;
    at += -Math.log(1 - next()) * meanGapMs
  ) {
    const day = new Date(at);
    day.setUTCHours(8 + Math.floor(next() * 9), Math.floor(next() * 60), 0, 0);
    const start = Math.max(from, Math.min(day.getTime(), last));
    n++;
    const revision = sha(`${service}-${n}`);
    const tag = `1.${Math.floor(n / 10)}.${n % 10}`;
    const image = `ghcr.io/example-org/${service}:${tag}`;
    // Lead times spread around the median (a factor of about 0.3–3).
    const lead = profile.leadTimeHours * HOUR * Math.exp((next() - 0.5) * 2.2);
    const committedAt = iso(start - lead);
    const stagingAt = start - Math.min(lead / 2, 4 * HOUR);
    events.push({
      id: `${service}-staging-${n}`,
      kind: 'deploy',
      environment: 'staging',
      at: iso(stagingAt),
      finishedAt: iso(stagingAt + 90_000),
      revision,
      image,
      result: 'succeeded',
      committedAt,
      summary: `${tag} deployed to staging`,
    });
    if (next() < profile.stagingOnlyShare) {
      // A change tried on staging and replaced before it went further.
      const tried = stagingAt + between(next, 1, 3) * HOUR;
      if (tried < last) {
        const triedRevision = sha(`${service}-${n}-tried`);
        events.push({
          id: `${service}-staging-${n}-tried`,
          kind: 'deploy',
          environment: 'staging',
          at: iso(tried),
          finishedAt: iso(tried + 90_000),
          revision: triedRevision,
          result: next() < 0.1 ? 'failed' : 'succeeded',
          committedAt: iso(tried - 30 * MINUTE),
          summary: `${triedRevision.slice(0, 7)} deployed to staging`,
        });
      }
    }
    events.push({
      id: `${service}-prod-${n}`,
      kind: 'deploy',
      environment: 'prod',
      at: iso(start),
      finishedAt: iso(start + 120_000),
      revision,
      image,
      result: 'succeeded',
      committedAt,
      summary: `${tag} deployed to prod`,
    });
    const restored =
      start +
      10 * MINUTE +
      profile.restoreMinutes * MINUTE * between(next, 0.5, 1.5);
    const fails =
      next() < profile.failureShare ||
      (profile.failingDeploys ?? []).includes(n);
    if (fails && previousRevision && restored < last) {
      const noticed = start + 10 * MINUTE;
      events.push(
        {
          id: `${service}-prod-${n}-regression`,
          kind: 'regression',
          environment: 'prod',
          at: iso(noticed),
          revision,
          summary: `${tag} regressed: error ratio above the baseline`,
        },
        profile.canary
          ? {
              id: `${service}-prod-${n}-abort`,
              kind: 'abort',
              environment: 'prod',
              at: iso(noticed + 5 * MINUTE),
              revision,
              summary: `Canary of ${tag} aborted`,
            }
          : {
              id: `${service}-prod-${n}-rollback`,
              kind: 'rollback',
              environment: 'prod',
              at: iso(noticed + 5 * MINUTE),
              revision: previousRevision,
              summary: `Rolled back to ${previousRevision.slice(0, 7)}`,
            },
        {
          id: `${service}-prod-${n}-restore`,
          kind: 'deploy',
          environment: 'prod',
          at: iso(restored - 120_000),
          finishedAt: iso(restored),
          revision: previousRevision,
          result: 'succeeded',
          summary: `${previousRevision.slice(0, 7)} deployed to prod again`,
        },
      );
    } else {
      previousRevision = revision;
    }
  }
  return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
