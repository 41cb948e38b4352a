import {
  DeliveryEventKind,
  DeliveryEventView,
} from '@go-delivery/plugin-delivery-common';
import { Knex } from 'knex';

const EVENTS = 'delivery_events';
const COLLECTIONS = 'delivery_event_collections';

/** Rows per INSERT / values per IN list: well below both databases' bound-parameter limits. */
const CHUNK_SIZE = 200;

interface EventRow {
  id: string;
  entity_ref: string;
  kind: string;
  environment: string;
  at: number | string;
  finished_at: number | string | null;
  committed_at: number | string | null;
  instance: string | null;
  application: string | null;
  revision: string | null;
  image: string | null;
  result: string | null;
  source: string;
  summary: string;
}

/** A deploy of one application as far as the store knows it (rollbacks are found from these). */
export interface StoredDeploy {
  at: number;
  revision?: string;
  committedAt?: string;
}

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK_SIZE) {
    result.push(items.slice(i, i + CHUNK_SIZE));
  }
  return result;
}

/** ISO 8601 → epoch milliseconds, or null. */
function toMs(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** PostgreSQL hands bigint back as a string. */
function toIso(value: number | string | null): string | undefined {
  return value === null || value === undefined
    ? undefined
    : new Date(Number(value)).toISOString();
}

function toRow(event: DeliveryEventView): EventRow {
  return {
    id: event.id,
    entity_ref: event.entityRef,
    kind: event.kind,
    environment: event.environment,
    at: toMs(event.at) ?? 0,
    finished_at: toMs(event.finishedAt),
    committed_at: toMs(event.committedAt),
    instance: event.instance ?? null,
    application: event.application ?? null,
    revision: event.revision ?? null,
    image: event.image ?? null,
    result: event.result ?? null,
    source: event.source,
    summary: event.summary,
  };
}

function toEvent(row: EventRow): DeliveryEventView {
  const optional = <K extends string, V>(key: K, value: V | null | undefined) =>
    value === null || value === undefined
      ? {}
      : ({ [key]: value } as Record<K, V>);
  return {
    id: row.id,
    kind: row.kind as DeliveryEventKind,
    entityRef: row.entity_ref,
    environment: row.environment,
    at: toIso(row.at)!,
    ...optional('finishedAt', toIso(row.finished_at)),
    ...optional('instance', row.instance),
    ...optional('application', row.application),
    ...optional('revision', row.revision),
    ...optional('committedAt', toIso(row.committed_at)),
    ...optional('image', row.image),
    ...optional('result', row.result as DeliveryEventView['result']),
    source: row.source,
    summary: row.summary,
  };
}

/**
 * The delivery events in the plugin's database (SQLite or PostgreSQL). Writes are idempotent:
 * an event whose id is stored already is ignored, so the collector may see a deploy any number
 * of times (and on several replicas at once) and it is recorded once.
 */
export class DeliveryEventStore {
  constructor(private readonly db: Knex) {}

  /**
   * Inserts the events that are not stored yet and returns those this call inserted: of several
   * replicas recording the same fact, exactly one gets it back (the notifications rely on that).
   */
  async record(events: DeliveryEventView[]): Promise<DeliveryEventView[]> {
    const inserted = new Set<string>();
    for (const batch of chunks(events)) {
      const rows: Array<{ id: string }> = await this.db(EVENTS)
        .insert(batch.map(toRow))
        .onConflict('id')
        .ignore()
        .returning('id');
      rows.forEach(row => inserted.add(row.id));
    }
    // An event listed twice in one call is inserted (and returned) once.
    return events.filter(event => inserted.delete(event.id));
  }

  /** Which of these ids are stored. */
  async knownIds(ids: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (const batch of chunks([...new Set(ids)])) {
      const rows: Array<{ id: string }> = await this.db(EVENTS)
        .select('id')
        .whereIn('id', batch);
      rows.forEach(row => known.add(row.id));
    }
    return known;
  }

  /**
   * The events of many entities in a period, oldest first: one indexed query per 200 entities,
   * so a team page asks once.
   */
  async listEvents(query: {
    entityRefs: string[];
    from: Date;
    to: Date;
    environment?: string;
  }): Promise<DeliveryEventView[]> {
    const rows: EventRow[] = [];
    for (const batch of chunks([...new Set(query.entityRefs)])) {
      rows.push(
        ...(await this.db<EventRow>(EVENTS)
          .whereIn('entity_ref', batch)
          .andWhere('at', '>=', query.from.getTime())
          .andWhere('at', '<=', query.to.getTime())
          .modify(builder => {
            if (query.environment !== undefined) {
              builder.andWhere('environment', query.environment);
            }
          })),
      );
    }
    return rows
      .map(toEvent)
      .sort((a, b) => compare(a.at, b.at) || compare(a.id, b.id));
  }

  /** The environments each entity has events for, at any time. */
  async environments(entityRefs: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    for (const batch of chunks([...new Set(entityRefs)])) {
      const rows: Array<{ entity_ref: string; environment: string }> =
        await this.db(EVENTS)
          .distinct('entity_ref', 'environment')
          .whereIn('entity_ref', batch);
      for (const row of rows) {
        result.set(row.entity_ref, [
          ...(result.get(row.entity_ref) ?? []),
          row.environment,
        ]);
      }
    }
    return result;
  }

  /** The stored deploys of one application of an entity, oldest first. */
  async deploysOf(query: {
    entityRef: string;
    instance: string;
    application: string;
  }): Promise<StoredDeploy[]> {
    const rows: Array<Pick<EventRow, 'at' | 'revision' | 'committed_at'>> =
      await this.db(EVENTS)
        .select('at', 'revision', 'committed_at')
        .where({
          entity_ref: query.entityRef,
          kind: 'deploy',
          instance: query.instance,
          application: query.application,
        })
        .orderBy('at');
    return rows.map(row => ({
      at: Number(row.at),
      ...(row.revision ? { revision: row.revision } : {}),
      ...(row.committed_at !== null
        ? { committedAt: toIso(row.committed_at) }
        : {}),
    }));
  }

  /** The commit time already stored for each revision (so it is never asked for again). */
  async commitTimes(revisions: string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    for (const batch of chunks([...new Set(revisions)])) {
      const rows: Array<Pick<EventRow, 'revision' | 'committed_at'>> =
        await this.db(EVENTS)
          .select('revision', 'committed_at')
          .whereIn('revision', batch)
          .whereNotNull('committed_at');
      rows.forEach(row => result.set(row.revision!, toIso(row.committed_at)!));
    }
    return result;
  }

  /** The environment of an application's newest deploy, if the store has one. */
  async environmentOf(query: {
    entityRef: string;
    instance: string;
    application: string;
  }): Promise<string | undefined> {
    const row = await this.db<EventRow>(EVENTS)
      .select('environment')
      .where({
        entity_ref: query.entityRef,
        kind: 'deploy',
        instance: query.instance,
        application: query.application,
      })
      .orderBy('at', 'desc')
      .first();
    return row?.environment;
  }

  /** Notes the collector's pass over an entity. */
  async markCollected(entityRef: string, at: Date): Promise<void> {
    await this.db(COLLECTIONS)
      .insert({ entity_ref: entityRef, collected_at: at.getTime() })
      .onConflict('entity_ref')
      .merge();
  }

  /** When the collector last passed over each entity (entities it never saw are absent). */
  async collectedAt(entityRefs: string[]): Promise<Map<string, Date>> {
    const result = new Map<string, Date>();
    for (const batch of chunks([...new Set(entityRefs)])) {
      const rows: Array<{ entity_ref: string; collected_at: number | string }> =
        await this.db(COLLECTIONS).whereIn('entity_ref', batch);
      rows.forEach(row =>
        result.set(row.entity_ref, new Date(Number(row.collected_at))),
      );
    }
    return result;
  }
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
