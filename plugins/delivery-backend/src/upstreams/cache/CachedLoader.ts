import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/** Values kept in process memory are reused at most this long (other replicas may change them). */
const MAX_MEMO_MS = 2000;
/** Past this many entries, expired ones are swept on write. */
const MEMO_SWEEP_SIZE = 1000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/**
 * Reads through the Backstage cache service with a short TTL and coalesces concurrent identical
 * loads, so a burst of views of the same entity costs one upstream request. Only data that does not
 * depend on the caller is loaded through it (the caller's access was checked on the entity before).
 *
 * Loaded values are also kept, frozen, in process memory for up to two seconds: a hot entity is
 * then served without deserialising from the shared store on every view. Callers must not (and,
 * frozen, cannot) modify what they get.
 */
export class CachedLoader {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly memo = new Map<string, { value: unknown; until: number }>();
  private readonly memoMs: number;

  constructor(
    private readonly options: {
      cache: CacheService;
      ttlMs: number;
      logger: LoggerService;
      now?: () => number;
    },
  ) {
    this.memoMs = Math.min(options.ttlMs, MAX_MEMO_MS);
  }

  load<T>(key: string, fetcher: () => Promise<T>): Promise<T> {
    const now = this.now();
    const remembered = this.memo.get(key);
    if (remembered && remembered.until > now) {
      return Promise.resolve(remembered.value as T);
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const promise = this.readThrough(key, fetcher)
      .then(value => this.remember(key, value))
      .finally(() => {
        this.inFlight.delete(key);
      });
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Drops a cached value, e.g. after an action changed the upstream state. */
  async invalidate(key: string): Promise<void> {
    this.memo.delete(key);
    try {
      await this.options.cache.delete(key);
    } catch (error) {
      this.options.logger.warn(`Cache delete of ${key} failed: ${error}`);
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private remember<T>(key: string, value: T): T {
    if (this.memoMs <= 0) return value;
    const now = this.now();
    if (this.memo.size >= MEMO_SWEEP_SIZE) {
      for (const [k, entry] of this.memo) {
        if (entry.until <= now) this.memo.delete(k);
      }
    }
    this.memo.set(key, { value: deepFreeze(value), until: now + this.memoMs });
    return value;
  }

  private async readThrough<T>(
    key: string,
    fetcher: () => Promise<T>,
  ): Promise<T> {
    const { cache, ttlMs, logger } = this.options;
    if (ttlMs <= 0) return fetcher();
    try {
      const cached = await cache.get(key);
      if (cached !== undefined) return cached as T;
    } catch (error) {
      // A broken cache store costs an upstream call, never the request.
      logger.warn(`Cache read of ${key} failed: ${error}`);
    }
    const value = await fetcher();
    try {
      await cache.set(key, value as unknown as JsonValue, { ttl: ttlMs });
    } catch (error) {
      logger.warn(`Cache write of ${key} failed: ${error}`);
    }
    return value;
  }
}
