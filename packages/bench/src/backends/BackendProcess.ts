import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ChildProcess, spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  BackendConfigOptions,
  backendConfig,
  BackendKind,
} from './backendConfig';
import { BenchEntity, toCatalogEntity } from './entities';

/** What the backend process reads at start (besides its app-config). */
export interface BackendSpec {
  kind: BackendKind;
  entities: ReturnType<typeof toCatalogEntity>[];
  /** Loads our plugin from this package directory instead of the workspace's (another version). */
  pluginDir?: string;
}

/** Environment variable naming the spec file of a backend process. */
export const BACKEND_SPEC_ENV = 'BENCH_BACKEND_SPEC';

const READY_TIMEOUT_MS = 120_000;

/** A port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * One Backstage backend (`createBackend` from `@backstage/backend-defaults`) in its own Node
 * process, so each plugin gets a core to itself, and "cold" can mean a really fresh process.
 */
export class BackendProcess {
  private exited?: Promise<void>;

  private constructor(
    readonly label: string,
    readonly baseUrl: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise(resolve => child.once('exit', () => resolve()));
  }

  static async start(options: {
    label: string;
    workDir: string;
    config: Omit<BackendConfigOptions, 'port'>;
    entities: BenchEntity[];
    /** Further catalog entities as they are (e.g. the Group that owns the entities). */
    extraEntities?: Entity[];
    pluginDir?: string;
  }): Promise<BackendProcess> {
    const port = await freePort();
    const base = join(options.workDir, options.label);
    const configFile = `${base}.app-config.yaml`;
    const specFile = `${base}.spec.json`;
    const logFile = `${base}.log`;
    // JSON is YAML, and the config loader reads YAML.
    writeFileSync(
      configFile,
      JSON.stringify(backendConfig({ ...options.config, port }), null, 2),
    );
    const spec: BackendSpec = {
      kind: options.config.kind,
      entities: [
        ...options.entities.map(toCatalogEntity),
        ...(options.extraEntities ?? []),
      ],
      ...(options.pluginDir ? { pluginDir: options.pluginDir } : {}),
    };
    writeFileSync(specFile, JSON.stringify(spec));

    const packageDir = resolvePackagePath('@go-delivery/bench');
    const log = openSync(logFile, 'w');
    const child = spawn(
      process.execPath,
      [
        '--require',
        '@backstage/cli/config/nodeTransform.cjs',
        join(packageDir, 'dev', 'backendMain.ts'),
        '--config',
        configFile,
      ],
      {
        cwd: packageDir,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          [BACKEND_SPEC_ENV]: specFile,
          // A plugin loaded from outside the workspace resolves its dependencies in the workspace.
          ...(options.pluginDir
            ? { NODE_PATH: join(packageDir, '..', '..', 'node_modules') }
            : {}),
        },
        stdio: ['ignore', log, log],
      },
    );
    closeSync(log);
    const backend = new BackendProcess(
      options.label,
      `http://127.0.0.1:${port}`,
      logFile,
      child,
    );
    await backend.waitUntilReady();
    return backend;
  }

  private async waitUntilReady(): Promise<void> {
    let exitCode: number | null | undefined;
    this.child.once('exit', code => {
      exitCode = code;
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (exitCode !== undefined) {
        throw new Error(
          `Backend ${
            this.label
          } exited with ${exitCode} before it was ready:\n${tail(
            this.logFile,
          )}`,
        );
      }
      try {
        const response = await fetch(
          `${this.baseUrl}/.backstage/health/v1/readiness`,
        );
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise(r => setTimeout(r, 200));
    }
    await this.stop();
    throw new Error(
      `Backend ${
        this.label
      } was not ready after ${READY_TIMEOUT_MS} ms:\n${tail(this.logFile)}`,
    );
  }

  /** The backend's process id (its CPU time is read from /proc). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(killer);
    }
  }
}
