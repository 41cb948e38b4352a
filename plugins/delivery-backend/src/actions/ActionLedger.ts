import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { createHash, randomUUID } from 'node:crypto';

const REQUESTS = 'delivery_action_requests';
const LOCKS = 'delivery_target_locks';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

/** Validates a client-chosen idempotency key (a UUID or any 8–128 URL-safe characters). */
export function readIdempotencyKey(value: unknown): string {
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) {
    throw new InputError(
      "'idempotencyKey' must be 8 to 128 letters, digits, '-' or '_' (e.g. a UUID chosen once per dialog)",
    );
  }
  return value;
}

/** Who asks, for which entity, with which key: what an idempotency key is scoped by. */
export interface ActionScope {
  actor: string;
  entityRef: string;
  idempotencyKey: string;
}

export interface ActionLedgerOptions {
  knex: Knex;
  logger: LoggerService;
  /**
   * How long a request may run before it counts as interrupted (the replica died). Actions are
   * bounded by their upstream timeouts, far below this.
   */
  leaseMs?: number;
  /** How long answers are replayed for the same key. */
  rememberMs?: number;
  /** How often a request waits for the same key's first attempt on another replica. */
  pollMs?: number;
  now?: () => number;
}

type RequestRow = {
  scope_hash: string;
  attempt_id: string;
  state: 'pending' | 'done';
  result: string | null;
  expires_at: number | string;
  created_at: number | string;
};

/**
 * Makes an action happen once per client intent across every backend replica sharing the
 * database, so a double click, a retried request or two replicas receiving the same submission
 * act once:
 *
 * - each request is claimed by inserting its idempotency scope; a second request with the same
 *   key waits for the first (on whichever replica) and answers with its remembered result,
 *   marked as replayed. Failures are forgotten: the same key may try again.
 * - one action per target at a time: a request with another key for a target being acted on gets
 *   409 instead of racing the first.
 * - a claim whose replica died is not taken over blindly: the same key then answers that the
 *   earlier attempt was interrupted (its effect is unknown); the target's lock expires with it.
 *
 * Claims are plain inserts against primary keys, which both PostgreSQL and SQLite make atomic.
 */
export class ActionLedger {
  private readonly leaseMs: number;
  private readonly rememberMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ActionLedgerOptions) {
    this.leaseMs = options.leaseMs ?? 2 * 60_000;
    this.rememberMs = options.rememberMs ?? 10 * 60_000;
    this.pollMs = options.pollMs ?? 150;
    this.now = options.now ?? Date.now;
  }

  async run<T extends object>(request: {
    scope: ActionScope;
    /** What is acted on (e.g. `rollout:prod/orders/orders-api`), for the per-target lock. */
    target: string;
    /** Described in the 409 when the target is busy. */
    description: string;
    act: () => Promise<T>;
  }): Promise<{ value: T; replayed: boolean }> {
    const scopeHash = hashScope(request.scope);
    const attemptId = randomUUID();
    for (;;) {
      const claimed = await this.claimRequest(
        scopeHash,
        attemptId,
        request.target,
      );
      if (claimed.kind === 'mine') break;
      if (claimed.kind === 'done') {
        return { value: claimed.value as T, replayed: true };
      }
      if (claimed.kind === 'interrupted') {
        throw new ConflictError(
          `An earlier attempt of this request stopped before it finished (a backend replica went away at ${new Date(
            claimed.since,
          ).toISOString()}); its effect is unknown: look at the target and submit again`,
        );
      }
      // Pending on another replica (or in this one): wait for its answer.
      await sleep(this.pollMs);
    }
    try {
      await this.lockTarget(request.target, attemptId, request.description);
    } catch (error) {
      await this.forget(scopeHash, attemptId);
      throw error;
    }
    try {
      const value = await request.act();
      await this.remember(scopeHash, attemptId, value as unknown as JsonObject);
      return { value, replayed: false };
    } catch (error) {
      await this.forget(scopeHash, attemptId);
      throw error;
    } finally {
      await this.unlockTarget(request.target, attemptId);
    }
  }

  /** Deletes remembered answers and stale locks past their time (a scheduled task runs it). */
  async sweep(): Promise<number> {
    const now = this.now();
    const [requests, locks] = await Promise.all([
      this.options
        .knex(REQUESTS)
        .where('state', 'done')
        .andWhere('expires_at', '<', now)
        .delete(),
      this.options.knex(LOCKS).where('expires_at', '<', now).delete(),
    ]);
    return Number(requests) + Number(locks);
  }

  private async claimRequest(
    scopeHash: string,
    attemptId: string,
    target: string,
  ): Promise<
    | { kind: 'mine' }
    | { kind: 'done'; value: JsonObject }
    | { kind: 'pending' }
    | { kind: 'interrupted'; since: number }
  > {
    const { knex } = this.options;
    const now = this.now();
    await knex(REQUESTS)
      .insert({
        scope_hash: scopeHash,
        attempt_id: attemptId,
        state: 'pending',
        target,
        result: null,
        created_at: now,
        expires_at: now + this.leaseMs,
      })
      .onConflict('scope_hash')
      .ignore();
    const row: RequestRow | undefined = await knex(REQUESTS)
      .where('scope_hash', scopeHash)
      .first();
    if (!row) return { kind: 'pending' }; // forgotten between the two statements: try again
    if (row.attempt_id === attemptId) return { kind: 'mine' };
    if (row.state === 'done') {
      return { kind: 'done', value: JSON.parse(row.result ?? '{}') };
    }
    if (Number(row.expires_at) <= now) {
      return { kind: 'interrupted', since: Number(row.created_at) };
    }
    return { kind: 'pending' };
  }

  private async lockTarget(
    target: string,
    attemptId: string,
    description: string,
  ): Promise<void> {
    const { knex } = this.options;
    const now = this.now();
    await knex(LOCKS)
      .insert({ target, attempt_id: attemptId, expires_at: now + this.leaseMs })
      .onConflict('target')
      .ignore();
    // A lock left behind by a replica that died expires with its lease; take it over then.
    await knex(LOCKS)
      .update({ attempt_id: attemptId, expires_at: now + this.leaseMs })
      .where('target', target)
      .andWhere('expires_at', '<', now);
    const row = await knex(LOCKS).where('target', target).first();
    if (row?.attempt_id !== attemptId) {
      throw new ConflictError(
        `${description} is already in progress; wait for it to finish`,
      );
    }
  }

  private async unlockTarget(target: string, attemptId: string): Promise<void> {
    await this.quietly('unlock', () =>
      this.options
        .knex(LOCKS)
        .where({ target, attempt_id: attemptId })
        .delete(),
    );
  }

  private async remember(
    scopeHash: string,
    attemptId: string,
    value: JsonObject,
  ): Promise<void> {
    await this.quietly('remember', () =>
      this.options
        .knex(REQUESTS)
        .where({ scope_hash: scopeHash, attempt_id: attemptId })
        .update({
          state: 'done',
          result: JSON.stringify(value),
          expires_at: this.now() + this.rememberMs,
        }),
    );
  }

  private async forget(scopeHash: string, attemptId: string): Promise<void> {
    await this.quietly('forget', () =>
      this.options
        .knex(REQUESTS)
        .where({ scope_hash: scopeHash, attempt_id: attemptId })
        .delete(),
    );
  }

  /** After the action, the ledger failing must not turn a done action into an error. */
  private async quietly(what: string, write: () => Promise<unknown>) {
    try {
      await write();
    } catch (error) {
      this.options.logger.warn(`Action ledger: ${what} failed: ${error}`);
    }
  }
}

function hashScope(scope: ActionScope): string {
  return createHash('sha256')
    .update(
      JSON.stringify([scope.actor, scope.entityRef, scope.idempotencyKey]),
    )
    .digest('hex');
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
