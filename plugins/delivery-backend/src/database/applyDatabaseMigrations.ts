import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDirectory = resolvePackagePath(
  '@go-delivery/plugin-delivery-backend',
  'migrations',
);

/**
 * Returns the plugin's database client after bringing its schema up to date, unless the
 * deployment asked to skip migrations (e.g. a read-only replica).
 */
export async function applyDatabaseMigrations(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: migrationsDirectory });
  }
  return client;
}
