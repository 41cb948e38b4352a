import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { createHash } from 'node:crypto';

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

type Remembered = { state: 'pending' } | { state: 'done'; value: JsonObject };

/**
 * Makes an action happen once per client intent, so a double click (or a retried request) acts
 * once:
 *
 * - the answer of a request is remembered under its idempotency key (scoped by caller and entity)
 *   in the cache service for a while; the same key again gets that answer, marked as replayed,
 *   without acting. Failures are not remembered: the same key may try again.
 * - while a request runs, the same key waits for it (in this process) or is refused with 409
 *   (another backend instance is on it, seen through a pending mark in the shared cache).
 * - one action per target at a time: a request with a different key for a target that is being
 *   acted on is refused with 409 instead of racing the first.
 */
export class ActionOnce {
  private readonly inFlight = new Map<string, Promise<object>>();
  private readonly busyTargets = new Set<string>();
  private readonly rememberMs: number;

  constructor(
    private readonly options: {
      cache: CacheService;
      logger: LoggerService;
      /** How long answers are remembered; 10 minutes by default. */
      rememberMs?: number;
    },
  ) {
    this.rememberMs = options.rememberMs ?? 10 * 60_000;
  }

  async run<T extends object>(request: {
    /** Who asks, for which entity, with which key. */
    scope: { actor: string; entityRef: string; idempotencyKey: string };
    /** What is acted on (e.g. `rollback:argocd:prod/payments-api-prod`), for the per-target lock. */
    target: string;
    /** Described in the 409 when the target is busy. */
    description: string;
    act: () => Promise<T>;
  }): Promise<{ value: T; replayed: boolean }> {
    const key = `delivery:action-once:${createHash('sha256')
      .update(JSON.stringify(request.scope))
      .digest('hex')}`;
    const pending = this.inFlight.get(key);
    if (pending) return { value: (await pending) as T, replayed: true };

    let replayed = false;
    const promise = (async () => {
      const remembered = await this.recall(key);
      if (remembered?.state === 'done') {
        replayed = true;
        return remembered.value as T;
      }
      if (remembered?.state === 'pending') {
        throw new ConflictError(
          'The same request is still being processed; wait for its result',
        );
      }
      if (this.busyTargets.has(request.target)) {
        throw new ConflictError(
          `${request.description} is already in progress; wait for it to finish`,
        );
      }
      this.busyTargets.add(request.target);
      try {
        await this.remember(key, { state: 'pending' });
        const value = await request.act();
        await this.remember(key, {
          state: 'done',
          value: value as unknown as JsonObject,
        });
        return value;
      } catch (error) {
        await this.forget(key);
        throw error;
      } finally {
        this.busyTargets.delete(request.target);
      }
    })();
    this.inFlight.set(key, promise);
    try {
      return { value: (await promise) as T, replayed };
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async recall(key: string): Promise<Remembered | undefined> {
    try {
      return (await this.options.cache.get(key)) as Remembered | undefined;
    } catch (error) {
      this.options.logger.warn(`Idempotency cache read failed: ${error}`);
      return undefined;
    }
  }

  private async remember(key: string, value: Remembered): Promise<void> {
    try {
      await this.options.cache.set(key, value as unknown as JsonObject, {
        ttl: this.rememberMs,
      });
    } catch (error) {
      // Without the cache, the in-process guards still stop a double click.
      this.options.logger.warn(`Idempotency cache write failed: ${error}`);
    }
  }

  private async forget(key: string): Promise<void> {
    try {
      await this.options.cache.delete(key);
    } catch (error) {
      this.options.logger.warn(`Idempotency cache delete failed: ${error}`);
    }
  }
}
