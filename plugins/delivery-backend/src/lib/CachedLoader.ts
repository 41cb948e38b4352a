import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/**
 * Reads through the Backstage cache service with a short TTL and coalesces concurrent identical
 * loads, so a burst of views of the same entity costs one upstream request. Only data that does not
 * depend on the caller is loaded through it (the caller's access was checked on the entity before).
 */
export class CachedLoader {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly options: {
      cache: CacheService;
      ttlMs: number;
      logger: LoggerService;
    },
  ) {}

  load<T>(key: string, fetcher: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const promise = this.readThrough(key, fetcher).finally(() => {
      this.inFlight.delete(key);
    });
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Drops a cached value, e.g. after an action changed the upstream state. */
  async invalidate(key: string): Promise<void> {
    try {
      await this.options.cache.delete(key);
    } catch (error) {
      this.options.logger.warn(`Cache delete of ${key} failed: ${error}`);
    }
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
