/**
 * View models of the DORA endpoints: the four figures of one service (the Delivery tab's DORA card)
 * and of the services a group owns (the team page), computed from the backend's own record of
 * delivery events, which outlives Argo CD's short history.
 */

/** The usual four-level classification of each figure. @public */
export type DoraLevel = 'elite' | 'high' | 'medium' | 'low';

/**
 * What the delivery event store records:
 * - `deploy`: a revision reached an environment (Argo CD history), with its result;
 * - `rollback`, `abort`, `promotion`: actions performed through this portal (or, for `rollback`,
 *   a deploy that returned to an earlier revision; for `abort`, a Rollout Argo Rollouts aborted,
 *   e.g. when an AnalysisRun failed);
 * - `regression`: a deploy's regression verdict said "regressed";
 * - `sync-failed`, `degraded`: incident signals from Argo CD's operation state and health.
 *
 * @public
 */
export const DELIVERY_EVENT_KINDS = [
  'deploy',
  'rollback',
  'abort',
  'promotion',
  'regression',
  'sync-failed',
  'degraded',
] as const;

/** @public */
export type DeliveryEventKind = (typeof DELIVERY_EVENT_KINDS)[number];

/** One recorded event, as the figures cite it. @public */
export interface DeliveryEventView {
  /** Stable: the same upstream fact seen twice is one event. */
  id: string;
  kind: DeliveryEventKind;
  entityRef: string;
  /** `prod`, `staging`, … (from the application's environment). */
  environment: string;
  /** ISO 8601: when it happened (a deploy: when it started). */
  at: string;
  /** ISO 8601: a deploy's end, when known. */
  finishedAt?: string;
  /** Argo CD instance and application the event is about, when it is about one. */
  instance?: string;
  application?: string;
  /** The git revision deployed (or rolled back to). */
  revision?: string;
  /** ISO 8601: when the deployed commit was made (a deploy's lead time starts there), when known. */
  committedAt?: string;
  image?: string;
  /** A deploy's outcome. */
  result?: 'succeeded' | 'failed';
  /** Where it came from: `argocd`, `argo-rollouts`, `tekton`, `action`, `verdict`, `report`. */
  source: string;
  /** One sentence for people. */
  summary: string;
}

/**
 * One of the four figures: its value, its level, how it was computed, and the events behind it.
 * `value` is null (and `level` too) when the period holds nothing to compute it from.
 *
 * @public
 */
export interface DoraFigure {
  value: number | null;
  /** `deploys/week`, `hours`, `ratio` (0–1). */
  unit: 'deploys/week' | 'hours' | 'ratio';
  level: DoraLevel | null;
  /** How it was computed, in one or two sentences naming the counts. */
  explanation: string;
  /** The ids of the events it was computed from (at most 200; see `eventCount`). */
  eventIds: string[];
  eventCount: number;
}

/** The four figures. @public */
export interface DoraFigures {
  deploymentFrequency: DoraFigure;
  leadTimeForChanges: DoraFigure;
  changeFailureRate: DoraFigure;
  timeToRestore: DoraFigure;
}

/** The period the figures cover. @public */
export interface DoraPeriod {
  /** ISO 8601. */
  from: string;
  to: string;
  days: number;
}

/** One week of the trend chart (weeks start on Monday, UTC). @public */
export interface DoraWeek {
  /** ISO 8601 date of the Monday. */
  weekStart: string;
  deploys: number;
  failedDeploys: number;
  /** Median lead time of the week's deploys, in hours; null without one. */
  leadTimeHours: number | null;
}

/** `GET /entities/:kind/:namespace/:name/dora?days=&environment=`. @public */
export interface EntityDoraResponse {
  entityRef: string;
  /** The environment the figures are for (default: the production-like one, else the last in order). */
  environment: string;
  /** Every environment the store has events for, in promotion order. */
  environments: string[];
  period: DoraPeriod;
  figures: DoraFigures;
  weeks: DoraWeek[];
  /** The events the figures cite, newest first (at most 200). */
  events: DeliveryEventView[];
  /** ISO 8601: the collector's last pass over this entity; null when it never ran. */
  collectedAt: string | null;
}

/** One service of a team. @public */
export interface TeamServiceDora {
  entityRef: string;
  title?: string;
  environment: string;
  figures: DoraFigures;
}

/** `GET /groups/:namespace/:name/dora?days=`: the services a group owns, and the team's aggregate. @public */
export interface TeamDoraResponse {
  groupRef: string;
  period: DoraPeriod;
  services: TeamServiceDora[];
  /** The figures over all the services' events together (not an average of averages). */
  aggregate: DoraFigures;
}

/**
 * Kinds an event report may carry: promotions are only ever recorded from this portal's own
 * actions, so a report cannot forge one.
 *
 * @public
 */
export const REPORTABLE_EVENT_KINDS = [
  'deploy',
  'rollback',
  'abort',
  'regression',
  'sync-failed',
  'degraded',
] as const satisfies readonly DeliveryEventKind[];

/** @public */
export type ReportableEventKind = (typeof REPORTABLE_EVENT_KINDS)[number];

/**
 * One event in `POST /entities/:kind/:namespace/:name/events` (`{ "events": [...] }`, at most
 * {@link MAX_REPORTED_EVENTS} per request). `id` is the reporter's own, unique per entity: the same
 * id again is recorded once.
 *
 * @public
 */
export interface ReportedDeliveryEvent {
  id: string;
  kind: ReportableEventKind;
  environment: string;
  /** ISO 8601. */
  at: string;
  finishedAt?: string;
  revision?: string;
  image?: string;
  result?: 'succeeded' | 'failed';
  /** ISO 8601: when the deployed commit was made (the start of its lead time). */
  committedAt?: string;
  summary: string;
}

/** The most events one report may carry (its body stays under the action body limit). @public */
export const MAX_REPORTED_EVENTS = 20;

/** The answer to an event report. @public */
export interface DeliveryEventsReportResponse {
  entityRef: string;
  /** Events stored by this report. */
  recorded: number;
  /** Events whose id was stored before (a retry, a second replica). */
  duplicates: number;
}
