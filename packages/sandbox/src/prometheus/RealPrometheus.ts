import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MetricsHistory } from './historyModel';
import { writeMetricsHistory, WrittenHistory } from './metricsHistory';
import { deadlineIn } from '../time/deadline';

const execFileAsync = promisify(execFile);
const DAY_MS = 24 * 3600_000;

export interface RealPrometheusOptions {
  /** The history to backfill before the server starts. */
  history: MetricsHistory;
  /** @default '127.0.0.1' */
  host?: string;
  /** A fixed port (the local portal's config points at it); a free one when absent. */
  port?: number;
  /** Where the history file and the TSDB go; a new temporary directory (removed on stop) when absent. */
  workDir?: string;
  /** @default 'prometheus' (Debian's package puts it on the PATH) */
  prometheusBinary?: string;
  /** @default 'promtool' */
  promtoolBinary?: string;
  /** @default 30000 */
  readyTimeoutMs?: number;
}

/**
 * A real Prometheus server (Debian's `prometheus`) on a loopback port, serving a history that was
 * generated for the scenario and backfilled with `promtool tsdb create-blocks-from openmetrics`.
 * It scrapes nothing: the data is exactly the generated history.
 */
export class RealPrometheus {
  private exited: Promise<void>;

  private constructor(
    readonly url: string,
    readonly port: number,
    readonly dataDir: string,
    readonly written: WrittenHistory,
    private readonly child: ChildProcess,
    private readonly removeOnStop: string | undefined,
    private readonly killOnExit: () => void,
  ) {
    this.exited = new Promise(resolve => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }

  /** Generates and backfills the history, starts the server and waits until it is ready. */
  static async start(options: RealPrometheusOptions): Promise<RealPrometheus> {
    const host = options.host ?? '127.0.0.1';
    const workDir =
      options.workDir ?? mkdtempSync(join(tmpdir(), 'delivery-prometheus-'));
    const dataDir = join(workDir, 'data');
    try {
      const written = writeMetricsHistory(
        options.history,
        join(workDir, 'history'),
      );
      await backfill(
        options.promtoolBinary ?? 'promtool',
        written.files,
        dataDir,
      );
      const configFile = join(workDir, 'prometheus.yml');
      // No scrape configs: the server only serves the backfilled blocks.
      writeFileSync(configFile, 'global:\n  scrape_interval: 15s\n');
      // Retention counts back from the newest block, so cover the whole history with room to spare.
      const spanMs =
        Math.max(Date.now(), written.lastSampleMs) - written.firstSampleMs;
      const retentionDays = Math.max(15, Math.ceil(spanMs / DAY_MS) + 1);

      const attempts = options.port === undefined ? 3 : 1;
      for (let attempt = 1; ; attempt++) {
        const port = options.port ?? (await freePort(host));
        const child = spawn(
          options.prometheusBinary ?? 'prometheus',
          [
            `--config.file=${configFile}`,
            `--storage.tsdb.path=${dataDir}`,
            `--storage.tsdb.retention.time=${retentionDays}d`,
            `--web.listen-address=${host}:${port}`,
            '--log.level=warn',
          ],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        const killOnExit = () => child.kill('SIGKILL');
        process.once('exit', killOnExit);
        const url = `http://${host}:${port}/`;
        try {
          await waitUntilReady(child, url, options.readyTimeoutMs ?? 30_000);
          return new RealPrometheus(
            url,
            port,
            dataDir,
            written,
            child,
            options.workDir ? undefined : workDir,
            killOnExit,
          );
        } catch (error) {
          process.removeListener('exit', killOnExit);
          child.kill('SIGKILL');
          // Another process may have taken the free port between probe and bind: try another.
          if (
            attempt >= attempts ||
            !/address already in use/i.test(String(error))
          )
            throw error;
        }
      }
    } catch (error) {
      if (!options.workDir) rmSync(workDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Stops the server (SIGTERM, SIGKILL after 10 s) and removes its temporary directory. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    process.removeListener('exit', this.killOnExit);
    if (this.removeOnStop)
      rmSync(this.removeOnStop, { recursive: true, force: true });
  }
}

/** Runs promtool once per file (one block each); one at a time, as the machine may be shared. */
async function backfill(promtool: string, files: string[], dataDir: string) {
  for (const file of files) {
    await backfillFile(promtool, file, dataDir);
  }
}

async function backfillFile(promtool: string, file: string, dataDir: string) {
  try {
    await execFileAsync(
      promtool,
      ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, dataDir],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(
        `'${promtool}' not found: install Debian's prometheus package`,
      );
    }
    throw new Error(
      `promtool could not backfill ${file}: ${e.stderr || e.message}`,
    );
  }
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `/-/ready` until the server answers 200; fails early with its log when it exits. */
async function waitUntilReady(
  child: ChildProcess,
  url: string,
  timeoutMs: number,
) {
  let log = '';
  child.stderr?.on('data', chunk => {
    log = (log + String(chunk)).slice(-4000);
  });
  let spawnError: Error | undefined;
  child.once('error', error => {
    spawnError =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? new Error(
            `'${child.spawnfile}' not found: install Debian's prometheus package`,
          )
        : error;
  });
  const deadline = deadlineIn(timeoutMs);
  while (!deadline.passed()) {
    if (spawnError) throw spawnError;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `prometheus exited (${
          child.exitCode ?? child.signalCode
        }): ${log.trim()}`,
      );
    }
    try {
      const response = await fetch(new URL('-/ready', url), {
        signal: AbortSignal.timeout(1000),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(
    `prometheus at ${url} was not ready within ${timeoutMs} ms: ${log.trim()}`,
  );
}
