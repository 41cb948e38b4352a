import { InputError } from '@backstage/errors';
import {
  DeliveryEventView,
  MAX_REPORTED_EVENTS,
  REPORTABLE_EVENT_KINDS,
  ReportableEventKind,
} from '@go-delivery/plugin-delivery-common';
import {
  optionalString,
  readObjectBody,
  requiredString,
} from '../../routes/bodyFields';
import { deliveryEventId } from './eventIds';

const FIELDS = [
  'id',
  'kind',
  'environment',
  'at',
  'finishedAt',
  'revision',
  'image',
  'result',
  'committedAt',
  'summary',
];
const REPORTER_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** As the store keeps environments: a lowercase DNS label. */
const ENVIRONMENT = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const REVISION = /^[A-Za-z0-9._/-]{1,128}$/;
const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const YEAR_MS = 365 * 24 * 3_600_000;
/** Clocks differ; a report from a minute in the future is still today's. */
const FUTURE_SLACK_MS = 5 * 60_000;
const OLDEST_YEARS = 5;

function matching(
  values: Record<string, unknown>,
  field: string,
  pattern: RegExp,
  what: string,
  required: boolean,
): string | undefined {
  const value = required
    ? requiredString(values, field, 256)
    : optionalString(values, field, 256);
  if (value !== undefined && !pattern.test(value)) {
    throw new InputError(`'${field}' must be ${what}`);
  }
  return value;
}

function time(
  values: Record<string, unknown>,
  field: string,
  now: number,
  required: boolean,
): number | undefined {
  const value = matching(
    values,
    field,
    ISO_TIME,
    'an RFC 3339 time, e.g. 2026-11-30T14:05:00Z',
    required,
  );
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (
    Number.isNaN(ms) ||
    ms > now + FUTURE_SLACK_MS ||
    ms < now - OLDEST_YEARS * YEAR_MS
  ) {
    throw new InputError(
      `'${field}' must be a real time between ${OLDEST_YEARS} years ago and now`,
    );
  }
  return ms;
}

/** A reported event, checked, not yet bound to its entity. */
export type CheckedReportedEvent = Omit<
  DeliveryEventView,
  'id' | 'entityRef' | 'source'
> & { reporterId: string };

function oneEvent(value: unknown, now: number): CheckedReportedEvent {
  const values = readObjectBody(value, FIELDS);
  const id = matching(
    values,
    'id',
    REPORTER_ID,
    "1 to 128 letters, digits, '.', '_', ':' or '-'",
    true,
  )!;
  const kind = values.kind as ReportableEventKind;
  if (!(REPORTABLE_EVENT_KINDS as readonly unknown[]).includes(kind)) {
    throw new InputError(
      `'kind' must be one of ${REPORTABLE_EVENT_KINDS.join(', ')}`,
    );
  }
  const environment = matching(
    values,
    'environment',
    ENVIRONMENT,
    "an environment name (lowercase letters, digits and '-')",
    true,
  )!;
  const at = time(values, 'at', now, true)!;
  const finishedAt = time(values, 'finishedAt', now, false);
  const committedAt = time(values, 'committedAt', now, false);
  if (finishedAt !== undefined && finishedAt < at) {
    throw new InputError("'finishedAt' must not be before 'at'");
  }
  if (committedAt !== undefined && committedAt > at) {
    throw new InputError("'committedAt' must not be after 'at'");
  }
  const revision = matching(
    values,
    'revision',
    REVISION,
    "a git revision (letters, digits, '.', '_', '/' or '-')",
    false,
  );
  const image = optionalString(values, 'image', 256);
  const summary = requiredString(values, 'summary', 200);
  for (const [field, text] of [
    ['image', image],
    ['summary', summary],
  ] as const) {
    if (text !== undefined && CONTROL.test(text)) {
      throw new InputError(`'${field}' must not contain control characters`);
    }
  }
  const result = values.result;
  if (result !== undefined && result !== 'succeeded' && result !== 'failed') {
    throw new InputError("'result' must be 'succeeded' or 'failed'");
  }
  if (kind === 'deploy' && result === undefined) {
    throw new InputError("A deploy needs 'result' ('succeeded' or 'failed')");
  }
  const iso = (ms: number | undefined) =>
    ms === undefined ? undefined : new Date(ms).toISOString();
  return {
    reporterId: id,
    kind,
    environment,
    at: iso(at)!,
    ...(finishedAt !== undefined ? { finishedAt: iso(finishedAt) } : {}),
    ...(committedAt !== undefined ? { committedAt: iso(committedAt) } : {}),
    ...(revision !== undefined ? { revision } : {}),
    ...(image !== undefined ? { image } : {}),
    ...(result !== undefined ? { result } : {}),
    summary,
  };
}

/**
 * The events of a report body (`{ "events": [...] }`), checked strictly; a mistake is a 400 naming
 * the event's position and the field.
 */
export function readReportedEvents(
  body: unknown,
  now: number,
): CheckedReportedEvent[] {
  const { events } = readObjectBody(body, ['events']);
  if (
    !Array.isArray(events) ||
    events.length === 0 ||
    events.length > MAX_REPORTED_EVENTS
  ) {
    throw new InputError(
      `'events' must be a list of 1 to ${MAX_REPORTED_EVENTS} events`,
    );
  }
  const read = events.map((event, index) => {
    try {
      return oneEvent(event, now);
    } catch (error) {
      throw new InputError(`events[${index}]: ${(error as Error).message}`);
    }
  });
  if (new Set(read.map(e => e.reporterId)).size !== read.length) {
    throw new InputError("Two events of the report have the same 'id'");
  }
  return read;
}

/**
 * The events as the store keeps them, bound to the entity that was loaded (its canonical ref): the
 * stored id is derived from the entity and the reporter's id, so one entity's reporter can never
 * name, or overwrite, another entity's event.
 */
export function toStoredEvents(
  events: CheckedReportedEvent[],
  entityRef: string,
): DeliveryEventView[] {
  return events.map(({ reporterId, ...event }) => ({
    id: deliveryEventId(event.kind, ['report', entityRef, reporterId]),
    entityRef,
    source: 'report',
    ...event,
  }));
}
