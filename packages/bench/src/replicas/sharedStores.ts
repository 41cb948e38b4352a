import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../backends/BackendProcess';

const run = promisify(execFile);

/** The PostgreSQL and the Redis that replicas share, and how to let go of them. */
export interface SharedStores {
  postgres: string;
  redis: string;
  /** What each server is, for the report (versions of started ones; never a given connection). */
  described: string[];
  /** Stops the ones this module started; given ones are left running. */
  stop(): Promise<void>;
}

/** Reads `export NAME=value` lines, as the repository's start scripts write them. */
function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = line.match(/^export ([A-Za-z0-9_]+)=(.*)$/);
    if (match) env[match[1]] = match[2];
  }
  return env;
}

/**
 * Starts one throwaway server with the repository's test script (`scripts/start-test-<name>.sh`)
 * on a free port, so it never meets the test command's or another run's, and returns what the
 * script wrote to its env file and how to stop it.
 */
async function startThrowaway(options: {
  name: 'postgres' | 'redis';
  portVariable: string;
  workDir: string;
  log: (line: string) => void;
}): Promise<{
  env: Record<string, string>;
  described: string;
  stop: () => Promise<void>;
}> {
  const scripts = join(
    resolvePackagePath('@go-delivery/bench'),
    '../../scripts',
  );
  const envFile = join(options.workDir, `${options.name}.env`);
  const port = await freePort();
  const { stdout } = await run(
    join(scripts, `start-test-${options.name}.sh`),
    [envFile],
    { env: { ...process.env, [options.portVariable]: String(port) } },
  );
  // The script prints e.g. "PostgreSQL 15.14 on 127.0.0.1:41234".
  const described = stdout.trim().replace(/ on 127\.0\.0\.1:\d+$/, '');
  options.log(
    `${described} on port ${port}; if this run is interrupted: scripts/stop-test-${options.name}.sh ${envFile}`,
  );
  return {
    env: readEnvFile(envFile),
    described: `${described} (throwaway, \`scripts/start-test-${options.name}.sh\`)`,
    stop: async () => {
      await run(join(scripts, `stop-test-${options.name}.sh`), [envFile]);
    },
  };
}

/**
 * PostgreSQL and Redis for the replica runs: the given connections, or throwaway servers started
 * with the scripts the test command uses (Debian's `postgresql` and `redis-server`).
 */
export async function startSharedStores(options: {
  postgres?: string;
  redis?: string;
  workDir: string;
  log: (line: string) => void;
}): Promise<SharedStores> {
  const stops: Array<() => Promise<void>> = [];
  const described: string[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    let postgres = options.postgres;
    if (!postgres) {
      const started = await startThrowaway({
        ...options,
        name: 'postgres',
        portVariable: 'DELIVERY_TEST_PG_PORT',
      });
      stops.push(started.stop);
      described.push(started.described);
      // The script names the variable after the server's major version.
      postgres = Object.entries(started.env).find(([name]) =>
        /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(name),
      )?.[1];
      if (!postgres) {
        throw new Error('start-test-postgres.sh wrote no connection string');
      }
    } else {
      described.push('PostgreSQL given with --postgres');
    }
    let redis = options.redis;
    if (!redis) {
      const started = await startThrowaway({
        ...options,
        name: 'redis',
        portVariable: 'DELIVERY_TEST_REDIS_PORT',
      });
      stops.push(started.stop);
      described.push(started.described);
      redis = started.env.DELIVERY_TEST_REDIS_URL;
      if (!redis) {
        throw new Error('start-test-redis.sh wrote no DELIVERY_TEST_REDIS_URL');
      }
    } else {
      described.push('Redis given with --redis');
    }
    return { postgres, redis, described, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
