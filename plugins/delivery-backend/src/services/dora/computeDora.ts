import {
  DeliveryEventKind,
  DeliveryEventView,
  DoraFigure,
  DoraFigures,
  DoraPeriod,
  DoraWeek,
} from '@go-delivery/plugin-delivery-common';
import { classify, FigureName } from './doraLevels';

/** What counts as a failed change: how long after a deploy, and how soon a deploy is a hotfix. */
export interface DoraSettings {
  failureWindowHours: number;
  hotfixWindowHours: number;
}

export { classify, DORA_LEVELS } from './doraLevels';

export const DEFAULT_DORA_SETTINGS: DoraSettings = {
  failureWindowHours: 24,
  hotfixWindowHours: 2,
};

/** The incident signals a deploy may be followed by. */
const FAILURE_KINDS: ReadonlySet<DeliveryEventKind> = new Set([
  'rollback',
  'abort',
  'regression',
  'sync-failed',
  'degraded',
]);

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A figure cites at most this many events; `eventCount` has the total. */
const MAX_EVENT_IDS = 200;

const ms = (iso: string) => Date.parse(iso);
/** A deploy ends when Argo CD says it finished; else count its start. */
const endOf = (event: DeliveryEventView) => ms(event.finishedAt ?? event.at);

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The median (the mean of the middle two of an even count); undefined for none. */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Midnight UTC of the Monday of the week a time falls in. */
export function weekStart(at: number): number {
  const day = new Date(at);
  const midnight = Date.UTC(
    day.getUTCFullYear(),
    day.getUTCMonth(),
    day.getUTCDate(),
  );
  // getUTCDay: Sunday 0 … Saturday 6; Monday starts the week.
  return midnight - ((day.getUTCDay() + 6) % 7) * DAY_MS;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function hours(value: number): string {
  return `${round(value, 2)} h`;
}

function figure(
  name: FigureName,
  unit: DoraFigure['unit'],
  value: number | undefined,
  explanation: string,
  eventIds: string[],
): DoraFigure {
  const unique = [...new Set(eventIds)];
  const shown =
    value === undefined ? null : round(value, unit === 'ratio' ? 4 : 2);
  return {
    value: shown,
    unit,
    level: shown === null ? null : classify(name, shown),
    explanation,
    eventIds: unique.slice(0, MAX_EVENT_IDS),
    eventCount: unique.length,
  };
}

/** One service's (entity's and environment's) events, as the figures read them. */
interface Stream {
  deploys: DeliveryEventView[];
  failures: DeliveryEventView[];
}

/** What the four figures and the weekly trend are computed from. */
interface Analysis {
  /** Successful deploys, oldest first. */
  deploys: DeliveryEventView[];
  /** Deploy id → the events that make it a failed change (failures after it, or a hotfix). */
  causes: Map<string, string[]>;
  /** Each failure's start and, once restored, the healthy deploy that ended it. */
  incidents: Array<{
    failures: DeliveryEventView[];
    restoredBy?: DeliveryEventView;
  }>;
}

function streamsOf(events: DeliveryEventView[]): Stream[] {
  const streams = new Map<string, Stream>();
  for (const event of events) {
    const key = `${event.entityRef}\n${event.environment}`;
    const stream = streams.get(key) ?? { deploys: [], failures: [] };
    if (event.kind === 'deploy' && event.result !== 'failed') {
      stream.deploys.push(event);
    } else if (FAILURE_KINDS.has(event.kind)) {
      stream.failures.push(event);
    }
    streams.set(key, stream);
  }
  const byTime = (a: DeliveryEventView, b: DeliveryEventView) =>
    ms(a.at) - ms(b.at) || (a.id < b.id ? -1 : 1);
  for (const stream of streams.values()) {
    stream.deploys.sort(byTime);
    stream.failures.sort(byTime);
  }
  return [...streams.values()];
}

/**
 * Each failure belongs to the latest deploy that started before it, if it came within the failure
 * window of that deploy's end (so one failure never blames several deploys); a deploy followed by
 * another within the hotfix window was a failed change too. An incident runs from a failure to
 * the next deploy (at or after it) that is not itself a failed change.
 */
function analyse(
  events: DeliveryEventView[],
  settings: DoraSettings,
): Analysis {
  const windowMs = settings.failureWindowHours * HOUR_MS;
  const hotfixMs = settings.hotfixWindowHours * HOUR_MS;
  const analysis: Analysis = { deploys: [], causes: new Map(), incidents: [] };
  const blame = (deploy: DeliveryEventView, cause: string) =>
    analysis.causes.set(deploy.id, [
      ...(analysis.causes.get(deploy.id) ?? []),
      cause,
    ]);
  for (const { deploys, failures } of streamsOf(events)) {
    analysis.deploys.push(...deploys);
    for (const failure of failures) {
      const at = ms(failure.at);
      const before = deploys.filter(d => ms(d.at) < at).pop();
      if (before && at - endOf(before) <= windowMs) blame(before, failure.id);
    }
    deploys.forEach((deploy, i) => {
      const next = deploys[i + 1];
      if (next && ms(next.at) - endOf(deploy) <= hotfixMs) {
        blame(deploy, next.id);
      }
    });
    let i = 0;
    while (i < failures.length) {
      const start = ms(failures[i].at);
      const restoredBy = deploys.find(
        d => ms(d.at) >= start && !analysis.causes.has(d.id),
      );
      const end = restoredBy ? ms(restoredBy.at) : Infinity;
      const grouped: DeliveryEventView[] = [];
      while (i < failures.length && ms(failures[i].at) <= end) {
        grouped.push(failures[i]);
        i++;
      }
      analysis.incidents.push({ failures: grouped, restoredBy });
    }
  }
  analysis.deploys.sort((a, b) => ms(a.at) - ms(b.at));
  return analysis;
}

function leadTimeHours(deploy: DeliveryEventView): number | undefined {
  if (!deploy.committedAt) return undefined;
  const committed = ms(deploy.committedAt);
  if (Number.isNaN(committed)) return undefined;
  // A commit clock ahead of the cluster's must not give a negative lead time.
  return Math.max(0, endOf(deploy) - committed) / HOUR_MS;
}

/**
 * The four figures over the events of one environment of one or more services, in a period. The
 * events must already be of that environment and period.
 */
export function computeDoraFigures(
  events: DeliveryEventView[],
  period: DoraPeriod,
  settings: DoraSettings = DEFAULT_DORA_SETTINGS,
): DoraFigures {
  const analysis = analyse(events, settings);
  const { deploys, causes, incidents } = analysis;
  const count = deploys.length;
  const weeks = period.days / 7;
  const none = events.length === 0;

  const deploymentFrequency = figure(
    'deploymentFrequency',
    'deploys/week',
    none ? undefined : count / weeks,
    none
      ? `No deploys recorded in the last ${period.days} days.`
      : `${plural(count, 'successful deploy')} in ${period.days} days (${round(
          weeks,
          2,
        )} weeks): ${round(count / weeks, 2)} per week.`,
    deploys.map(d => d.id),
  );

  const withCommit = deploys.flatMap(d => {
    const value = leadTimeHours(d);
    return value === undefined ? [] : [{ id: d.id, value }];
  });
  const leadMedian = median(withCommit.map(l => l.value));
  const unknown = count - withCommit.length;
  const leadTimeForChanges = figure(
    'leadTimeForChanges',
    'hours',
    leadMedian,
    leadMedian === undefined
      ? `No deploy with a known commit time${
          count ? ` among ${plural(count, 'deploy')}` : ''
        }.`
      : `Median of ${plural(
          withCommit.length,
          'deploy',
        )} from the deployed commit to the deploy's end: ${hours(leadMedian)}${
          unknown ? ` (${unknown} without a known commit time)` : ''
        }.`,
    withCommit.map(l => l.id),
  );

  const failed = deploys.filter(d => causes.has(d.id));
  const changeFailureRate = figure(
    'changeFailureRate',
    'ratio',
    count ? failed.length / count : undefined,
    count
      ? `${failed.length} of ${plural(count, 'deploy')} (${round(
          (failed.length / count) * 100,
          1,
        )} %) were followed within ${
          settings.failureWindowHours
        } h by a rollback, abort, regression, failed sync or degraded health, or within ${
          settings.hotfixWindowHours
        } h by another deploy.`
      : 'No deploys to compute a failure rate from.',
    [
      ...failed.flatMap(d => [d.id, ...causes.get(d.id)!]),
      ...deploys.map(d => d.id),
    ],
  );

  const restored = incidents.flatMap(incident =>
    incident.restoredBy
      ? [
          {
            incident,
            hours:
              (endOf(incident.restoredBy) - ms(incident.failures[0].at)) /
              HOUR_MS,
          },
        ]
      : [],
  );
  const open = incidents.length - restored.length;
  const restoreMedian = median(restored.map(r => r.hours));
  const timeToRestore = figure(
    'timeToRestore',
    'hours',
    restoreMedian,
    restoreMedian === undefined
      ? `No restored failure in the period${
          open ? ` (${plural(open, 'failure')} not restored yet)` : ''
        }.`
      : `Median of ${plural(
          restored.length,
          'failure',
        )} from the first failure signal to the next healthy deploy: ${hours(
          restoreMedian,
        )}${open ? ` (${open} not restored yet)` : ''}.`,
    restored.flatMap(r => [
      ...r.incident.failures.map(f => f.id),
      r.incident.restoredBy!.id,
    ]),
  );

  return {
    deploymentFrequency,
    leadTimeForChanges,
    changeFailureRate,
    timeToRestore,
  };
}

/** Deploys, failed changes and median lead time per week (Monday, UTC) of the period. */
export function computeDoraWeeks(
  events: DeliveryEventView[],
  period: DoraPeriod,
  settings: DoraSettings = DEFAULT_DORA_SETTINGS,
): DoraWeek[] {
  const { deploys, causes } = analyse(events, settings);
  const weeks: DoraWeek[] = [];
  const last = weekStart(ms(period.to));
  for (let start = weekStart(ms(period.from)); start <= last; ) {
    const end = start + 7 * DAY_MS;
    const inWeek = deploys.filter(d => ms(d.at) >= start && ms(d.at) < end);
    const lead = median(
      inWeek.flatMap(d => {
        const value = leadTimeHours(d);
        return value === undefined ? [] : [value];
      }),
    );
    weeks.push({
      weekStart: new Date(start).toISOString().slice(0, 10),
      deploys: inWeek.length,
      failedDeploys: inWeek.filter(d => causes.has(d.id)).length,
      leadTimeHours: lead === undefined ? null : round(lead, 2),
    });
    start = end;
  }
  return weeks;
}
