import { ReportedDeliveryEvent } from '@go-delivery/plugin-delivery-common';
import { createHash } from 'node:crypto';

/*
 * The demo services' delivery history before what Argo CD still keeps: what a portal that had been
 * recording for three months would hold. Deterministic (a seeded generator), so the figures the
 * sandbox shows are the same on every start, only moved in time.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How one demo service delivers. */
interface ServiceProfile {
  name: string;
  /** Mean prod deploys per week. */
  deploysPerWeek: number;
  /** Median hours from commit to prod. */
  leadTimeHours: number;
  /** Share of prod deploys that fail and get rolled back. */
  failureShare: number;
  /** Minutes to restore after a failure. */
  restoreMinutes: number;
  /** Canary aborts instead of rollbacks for this service. */
  canary: boolean;
}

const PROFILES: ServiceProfile[] = [
  {
    name: 'payments-api',
    deploysPerWeek: 5,
    leadTimeHours: 20,
    failureShare: 0.08,
    restoreMinutes: 45,
    canary: false,
  },
  {
    name: 'orders-api',
    deploysPerWeek: 2,
    leadTimeHours: 60,
    failureShare: 0.12,
    restoreMinutes: 150,
    canary: true,
  },
  {
    name: 'inventory-api',
    deploysPerWeek: 0.6,
    leadTimeHours: 200,
    failureShare: 0.2,
    restoreMinutes: 30 * 60,
    canary: false,
  },
];

/** The demo services whose history is seeded. */
export const DEMO_HISTORY_SERVICES = PROFILES.map(p => p.name);

/** A small seeded generator (mulberry32): the same numbers on every start. */
function random(seed: string): () => number {
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

/** Events of one service, oldest first. */
function serviceHistory(
  profile: ServiceProfile,
  from: number,
  until: number,
): ReportedDeliveryEvent[] {
  const next = random(profile.name);
  const events: ReportedDeliveryEvent[] = [];
  const meanGapMs = (7 * DAY) / profile.deploysPerWeek;
  let previousRevision: string | undefined;
  let n = 0;
  // Exponential gaps between deploys, during working hours.
  for (
    let at = from + next() * meanGapMs;
    at < until - 6 * HOUR;
    at += -Math.log(1 - next()) * meanGapMs
  ) {
    const day = new Date(at);
    day.setUTCHours(8 + Math.floor(next() * 9), Math.floor(next() * 60), 0, 0);
    const start = Math.min(day.getTime(), until - 6 * HOUR);
    n++;
    const revision = sha(`${profile.name}-${n}`);
    const tag = `0.${Math.floor(n / 10) + 1}.${n % 10}`;
    const image = `ghcr.io/example-org/${profile.name}:${tag}`;
    // Lead times spread around the median (a log-normal-ish factor of 0.3–3).
    const lead = profile.leadTimeHours * HOUR * Math.exp((next() - 0.5) * 2.2);
    const committedAt = iso(start - lead);
    const stagingAt = start - Math.min(lead / 2, 4 * HOUR);
    events.push({
      id: `${profile.name}-staging-${n}`,
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
    // The fourth deploy always fails, so every service shows a restore.
    const failed = next() < profile.failureShare || n === 4;
    events.push({
      id: `${profile.name}-prod-${n}`,
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
    if (failed && previousRevision) {
      const noticed = start + 10 * 60_000;
      events.push({
        id: `${profile.name}-prod-${n}-regression`,
        kind: 'regression',
        environment: 'prod',
        at: iso(noticed),
        revision,
        summary: `${tag} regressed: error ratio above the baseline`,
      });
      const restored = noticed + profile.restoreMinutes * 60_000;
      events.push({
        id: `${profile.name}-prod-${n}-${
          profile.canary ? 'abort' : 'rollback'
        }`,
        kind: profile.canary ? 'abort' : 'rollback',
        environment: 'prod',
        at: iso(noticed + 5 * 60_000),
        revision: profile.canary ? revision : previousRevision,
        summary: profile.canary
          ? `Canary of ${tag} aborted`
          : `Rolled back to ${previousRevision.slice(0, 7)}`,
      });
      // Back on the previous revision: a deploy of it, healthy.
      events.push({
        id: `${profile.name}-prod-${n}-restore`,
        kind: 'deploy',
        environment: 'prod',
        at: iso(restored - 120_000),
        finishedAt: iso(restored),
        revision: previousRevision,
        result: 'succeeded',
        summary: `${previousRevision.slice(0, 7)} deployed to prod again`,
      });
    } else {
      previousRevision = revision;
    }
  }
  return events;
}

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
    PROFILES.map(p => [p.name, serviceHistory(p, from, options.until)]),
  );
}
