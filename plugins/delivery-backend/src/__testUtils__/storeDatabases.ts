import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases the store tests run on: SQLite always, PostgreSQL of whichever version a
 * connection string is exported for (`scripts/start-test-postgres.sh` sets one; never Docker).
 */
export function storeTestDatabases(): TestDatabases {
  return TestDatabases.create({
    ids: [
      'SQLITE_3',
      'POSTGRES_18',
      'POSTGRES_17',
      'POSTGRES_16',
      'POSTGRES_15',
      'POSTGRES_14',
      'POSTGRES_13',
    ],
    disableDocker: true,
  });
}
