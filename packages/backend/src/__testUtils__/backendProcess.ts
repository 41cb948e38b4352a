import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo, createServer } from 'node:net';
import { resolve } from 'node:path';

/** packages/backend, where the backend runs (catalog paths in the configs are relative to it). */
const BACKEND_DIR = resolve(__dirname, '../..');
/** The repository root, where the app-config files are. */
export const REPO_ROOT = resolve(BACKEND_DIR, '../..');

/** The portal's backend (src/index.ts) in a process of its own, as the browser tests run it. */
export interface BackendProcess {
  baseUrl: string;
  /** Everything it printed so far, for assertions and failure messages. */
  output(): string;
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
  /** Ends it at once (SIGKILL), as a crashed replica ends. */
  kill(): Promise<void>;
}

/** A port nobody listens on right now, so the test never meets a portal running beside it. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

/** Starts the backend with the given app-config files (relative to the repository root). */
export function startBackendProcess(options: {
  configs: string[];
  port: number;
  env: Record<string, string>;
}): BackendProcess {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      ...options.configs.flatMap(file => [
        '--config',
        resolve(REPO_ROOT, file),
      ]),
    ],
    {
      cwd: BACKEND_DIR,
      env: {
        ...process.env,
        APP_CONFIG_backend_listen: `127.0.0.1:${options.port}`,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', chunk => (output += chunk));
  child.stderr?.on('data', chunk => (output += chunk));
  const exited = new Promise<number | null>(done =>
    child.once('exit', code => done(code)),
  );
  return {
    baseUrl: `http://127.0.0.1:${options.port}`,
    output: () => output,
    exited,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until `path` answers 200, failing early with the backend's output if it exits. */
export async function waitUntilServing(
  backend: BackendProcess,
  path: string,
  timeoutMs: number,
): Promise<void> {
  let exitCode: number | null | undefined;
  backend.exited.then(code => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `the backend exited with ${exitCode}:\n${backend.output()}`,
      );
    }
    const response = await fetch(`${backend.baseUrl}${path}`).catch(
      () => undefined,
    );
    if (response?.status === 200) return;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `${path} did not answer 200 within ${timeoutMs} ms:\n${backend.output()}`,
  );
}
