import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { ActionLedger, readIdempotencyKey } from './ActionLedger';

/*
 * SQLite always; PostgreSQL wherever a connection string is exported (the test command starts
 * one). Two ledgers on one database stand for two backend replicas.
 */
const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const scope = (idempotencyKey: string) => ({
  actor: 'user:default/alice',
  entityRef: 'component:default/payments-api',
  idempotencyKey,
});

describe.each(databases.eachSupportedId())('ActionLedger on %s', databaseId => {
  let knex: Knex;
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(mockServices.database({ knex }));
  });

  beforeEach(async () => {
    await knex('delivery_action_requests').delete();
    await knex('delivery_target_locks').delete();
  });

  const replicas = (options: { now?: () => number; leaseMs?: number } = {}) =>
    [1, 2].map(
      () => new ActionLedger({ knex, logger, pollMs: 20, ...options }),
    );

  it('answers a repeated key from the first answer, across replicas', async () => {
    const [first, second] = replicas();
    let calls = 0;
    const act = async () => ({ n: ++calls });
    const run = (ledger: ActionLedger, key: string) =>
      ledger.run({ scope: scope(key), target: 't', description: 'x', act });
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

  it('acts once when both replicas get the same key at once; the other answer is replayed', async () => {
    const [first, second] = replicas();
    let calls = 0;
    const act = async () => {
      calls++;
      await new Promise(r => setTimeout(r, 100));
      return { done: calls };
    };
    const results = await Promise.all(
      [first, second].map(ledger =>
        ledger.run({
          scope: scope('key-at-once-1'),
          target: 'rollback:prod/app',
          description: 'A rollback',
          act,
        }),
      ),
    );
    expect(calls).toBe(1);
    expect(results.map(r => r.replayed).sort()).toEqual([false, true]);
    expect(results.map(r => r.value)).toEqual([{ done: 1 }, { done: 1 }]);
  });

  it('lets one of two keys act on a target and refuses the other with 409', async () => {
    const [first, second] = replicas();
    let release: () => void = () => {};
    const slow = first.run({
      scope: scope('key-slow-001'),
      target: 'rollout:prod/orders/orders-api',
      description: "An action on Rollout 'orders-api'",
      act: () =>
        new Promise<{ done: boolean }>(resolve => {
          release = () => resolve({ done: true });
        }),
    });
    await new Promise(r => setTimeout(r, 50));
    await expect(
      second.run({
        scope: scope('key-other-01'),
        target: 'rollout:prod/orders/orders-api',
        description: "An action on Rollout 'orders-api'",
        act: async () => ({ done: false }),
      }),
    ).rejects.toThrow(
      "An action on Rollout 'orders-api' is already in progress; wait for it to finish",
    );
    release();
    expect(await slow).toEqual({ value: { done: true }, replayed: false });
    // Free again once the first is done.
    await expect(
      second.run({
        scope: scope('key-other-02'),
        target: 'rollout:prod/orders/orders-api',
        description: 'x',
        act: async () => ({ done: 'second' }),
      }),
    ).resolves.toEqual({ value: { done: 'second' }, replayed: false });
  });

  it('forgets failures, so the same key may try again', async () => {
    const [ledger] = replicas();
    const failing = () =>
      ledger.run({
        scope: scope('key-fail-001'),
        target: 't',
        description: 'x',
        act: async () => {
          throw new Error('upstream down');
        },
      });
    await expect(failing()).rejects.toThrow('upstream down');
    await expect(failing()).rejects.toThrow('upstream down');
    await expect(
      ledger.run({
        scope: scope('key-fail-001'),
        target: 't',
        description: 'x',
        act: async () => ({ ok: true }),
      }),
    ).resolves.toEqual({ value: { ok: true }, replayed: false });
  });

  it('reports an attempt whose replica died instead of acting again, and frees its target', async () => {
    let now = 1_000_000;
    const clock = () => now;
    const [dying, survivor] = replicas({ now: clock, leaseMs: 60_000 });
    // The first replica claims the request and the target, then goes away mid-action.
    void dying.run({
      scope: scope('key-crash-01'),
      target: 'application:prod//payments-api-prod',
      description: 'A rollback',
      act: () => new Promise<object>(() => {}),
    });
    await new Promise(r => setTimeout(r, 50));
    now += 61_000;
    let acted = false;
    await expect(
      survivor.run({
        scope: scope('key-crash-01'),
        target: 'application:prod//payments-api-prod',
        description: 'A rollback',
        act: async () => {
          acted = true;
          return {};
        },
      }),
    ).rejects.toThrow(
      /An earlier attempt of this request stopped before it finished/,
    );
    expect(acted).toBe(false);
    // The dead replica's lock has expired: a new submission goes through.
    await expect(
      survivor.run({
        scope: scope('key-crash-02'),
        target: 'application:prod//payments-api-prod',
        description: 'A rollback',
        act: async () => ({ rolledBack: true }),
      }),
    ).resolves.toEqual({ value: { rolledBack: true }, replayed: false });
  });

  it('sweeps remembered answers once they expire', async () => {
    let now = 5_000_000;
    const [ledger] = replicas({ now: () => now });
    await ledger.run({
      scope: scope('key-sweep-01'),
      target: 't',
      description: 'x',
      act: async () => ({}),
    });
    expect(await ledger.sweep()).toBe(0);
    now += 11 * 60_000;
    expect(await ledger.sweep()).toBe(1);
    expect(await knex('delivery_action_requests').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
  });
});

describe('readIdempotencyKey', () => {
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
