import { mockServices } from '@backstage/backend-test-utils';
import { CacheService } from '@backstage/backend-plugin-api';
import { ActionOnce, readIdempotencyKey } from './ActionOnce';

/** A cache shared by two backend instances. */
function sharedCache(): CacheService {
  const store = new Map<string, unknown>();
  const cache: CacheService = {
    get: async (key: string) => store.get(key) as any,
    set: async (key: string, value: unknown) => {
      store.set(key, value);
    },
    delete: async (key: string) => {
      store.delete(key);
    },
    withOptions: () => cache,
  };
  return cache;
}

const scope = (idempotencyKey: string) => ({
  actor: 'user:default/alice',
  entityRef: 'component:default/payments-api',
  idempotencyKey,
});

describe('ActionOnce', () => {
  const logger = mockServices.logger.mock();

  it('answers a repeated key from the first answer, across backend instances', async () => {
    const cache = sharedCache();
    const first = new ActionOnce({ cache, logger });
    const second = new ActionOnce({ cache, logger });
    let calls = 0;
    const act = async () => ({ n: ++calls });
    const run = (once: ActionOnce, key: string) =>
      once.run({ scope: scope(key), target: 't', description: 'x', act });
    expect(await run(first, 'key-00000001')).toEqual({
      value: { n: 1 },
      replayed: false,
    });
    expect(await run(second, 'key-00000001')).toEqual({
      value: { n: 1 },
      replayed: true,
    });
    expect(await run(second, 'key-00000002')).toEqual({
      value: { n: 2 },
      replayed: false,
    });
  });

  it('refuses the same key while another instance is on it, and forgets failures', async () => {
    const cache = sharedCache();
    const first = new ActionOnce({ cache, logger });
    const second = new ActionOnce({ cache, logger });
    let release: () => void = () => {};
    const slow = first.run({
      scope: scope('key-slow-001'),
      target: 't',
      description: 'x',
      act: () =>
        new Promise<{ done: boolean }>(resolve => {
          release = () => resolve({ done: true });
        }),
    });
    await new Promise(r => setTimeout(r, 10));
    await expect(
      second.run({
        scope: scope('key-slow-001'),
        target: 't',
        description: 'x',
        act: async () => ({ done: false }),
      }),
    ).rejects.toThrow('The same request is still being processed');
    release();
    await slow;

    const failing = () =>
      first.run({
        scope: scope('key-fail-001'),
        target: 't',
        description: 'x',
        act: async () => {
          throw new Error('upstream down');
        },
      });
    await expect(failing()).rejects.toThrow('upstream down');
    await expect(failing()).rejects.toThrow('upstream down');
  });

  it('validates keys', () => {
    expect(readIdempotencyKey('3f1b6c2e-8d4a-4e7b-9c15-2a6d0e8b7f41')).toBe(
      '3f1b6c2e-8d4a-4e7b-9c15-2a6d0e8b7f41',
    );
    for (const bad of [
      'short',
      'a b c d e f g h',
      '../../etc/x',
      42,
      undefined,
    ]) {
      expect(() => readIdempotencyKey(bad)).toThrow("'idempotencyKey' must be");
    }
  });
});
