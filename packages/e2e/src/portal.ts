import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The sandbox's coverage upload token (app-config.sandbox.yaml); it may also read coverage. */
export const SANDBOX_COVERAGE_TOKEN = 'sandbox-coverage-upload-token';

/** The repository root: the nearest folder up from the working directory with a yarn config. */
function findRepoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, '.yarnrc.yml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No repository root above ${from}`);
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot(process.cwd());

/** Where each started process's whole output goes, for CI to keep. */
const LOG_DIR = join(REPO_ROOT, '.test-results', 'portal');

/** The backend's output, audit events included (the backend's process is named `backend`). */
export const BACKEND_LOG = join(LOG_DIR, 'backend.log');

/** The portal under test: started here unless E2E_BASE_URL points at one that already runs. */
export interface Portal {
  baseUrl: string;
  stop(): Promise<void>;
}

async function waitFor(
  url: string,
  timeoutMs: number,
  process?: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (process && process.exitCode !== null) {
      throw new Error(`process for ${url} exited with ${process.exitCode}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `${url} did not come up within ${timeoutMs} ms: ${lastError}`,
  );
}

function start(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = '.',
) {
  // Jest sets NODE_ENV=test, which neither the frontend build nor the backend expects.
  const { NODE_ENV: _ignored, ...inherited } = process.env;
  const child = spawn(command, args, {
    cwd: resolve(REPO_ROOT, cwd),
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log: string[] = [];
  // The whole output goes to .test-results/ for CI to keep; the tail is kept for error messages.
  mkdirSync(LOG_DIR, { recursive: true });
  const file = createWriteStream(
    join(LOG_DIR, `${name.replace(/\W+/g, '-')}.log`),
  );
  const keep = (chunk: Buffer) => {
    file.write(chunk);
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, log };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise(r => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
  if (child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Builds the frontend and starts the sandbox upstreams and the backend (which serves the built
 * frontend on its own port), then waits until both answer.
 */
export async function startPortal(): Promise<Portal> {
  if (process.env.E2E_BASE_URL) {
    return {
      baseUrl: process.env.E2E_BASE_URL.replace(/\/$/, ''),
      stop: async () => {},
    };
  }
  const baseUrl = 'http://localhost:7007';
  const env = {
    APP_CONFIG_app_baseUrl: baseUrl,
    NODE_OPTIONS: '--no-deprecation',
  };

  const build = start('app build', 'yarn', ['workspace', 'app', 'build'], {
    ...env,
    NODE_ENV: 'production',
  });
  const buildCode = await new Promise<number | null>(r =>
    build.child.once('exit', r),
  );
  if (buildCode !== 0) {
    throw new Error(`frontend build failed:\n${build.log.join('')}`);
  }

  // The backend reads the sandbox clusters' CA at startup: it starts once the sandbox's
  // Kubernetes API servers have written their CA and the backend's token.
  const tokens = ['ci', 'prod'].map(cluster =>
    join(REPO_ROOT, 'packages/sandbox/.local/kubernetes', cluster, 'token'),
  );
  tokens.forEach(file => rmSync(file, { force: true }));
  const sandbox = start(
    'sandbox',
    'node',
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'packages/sandbox/dev/index.ts',
    ],
    env,
  );
  await waitForFiles(tokens, 120_000, sandbox);
  // Plain node with the CLI's TypeScript hook: no file watcher that could restart it mid-test.
  // The sandbox config is loaded explicitly: the base config has no sign-in and no catalog.
  const backend = start(
    'backend',
    'node',
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      ...['app-config.yaml', 'app-config.sandbox.yaml'].flatMap(file => [
        '--config',
        join(REPO_ROOT, file),
      ]),
    ],
    env,
    'packages/backend',
  );
  const stop = async () => {
    await Promise.all([stopProcess(backend.child), stopProcess(sandbox.child)]);
  };
  try {
    // The fake Argo CD has no health route: any HTTP answer means it listens.
    await waitForAnyAnswer('http://127.0.0.1:7082/', 30_000);
    await waitFor(`${baseUrl}/api/delivery/health`, 180_000, backend.child);
    await waitFor(`${baseUrl}/`, 30_000, backend.child);
    // The sandbox is ready once its Prometheus answers and it has uploaded the demo coverage.
    await waitFor('http://127.0.0.1:7095/-/ready', 180_000, sandbox.child);
    await waitForDemoCoverage(baseUrl, 120_000);
  } catch (error) {
    await stop();
    throw new Error(
      `${error}\n--- backend log ---\n${backend.log.join(
        '',
      )}\n--- sandbox log ---\n${sandbox.log.join('')}`,
    );
  }
  return { baseUrl, stop };
}

async function waitForFiles(
  files: string[],
  timeoutMs: number,
  process: ReturnType<typeof start>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!files.every(file => existsSync(file))) {
    if (process.child.exitCode !== null || Date.now() > deadline) {
      await stopProcess(process.child);
      throw new Error(
        `the sandbox wrote no ${files.join(', ')}:\n${process.log.join('')}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

async function waitForDemoCoverage(
  baseUrl: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(
      `${baseUrl}/api/delivery/entities/component/default/payments-api/coverage`,
      { headers: { authorization: `Bearer ${SANDBOX_COVERAGE_TOKEN}` } },
    ).catch(() => undefined);
    if (response?.ok && (await response.json()).latest) return;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `the sandbox did not upload the demo coverage within ${timeoutMs} ms`,
  );
}

async function waitForAnyAnswer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise(r => setTimeout(r, 300));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
