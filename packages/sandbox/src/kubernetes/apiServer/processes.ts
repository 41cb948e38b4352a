import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A child process whose last output is kept, so a failed start says why. */
export class ManagedProcess {
  private output = '';
  private exited?: string;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-8_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => {
      this.exited = `exited with ${signal ?? code}`;
    });
  }

  static spawn(name: string, binary: string, args: string[]): ManagedProcess {
    return new ManagedProcess(
      name,
      spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  }

  /** Throws with the process's last output when it has exited. */
  assertRunning(): void {
    if (this.exited) {
      throw new Error(`${this.name} ${this.exited}:\n${this.output.trim()}`);
    }
  }

  lastOutput(): string {
    return this.output.trim();
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>(done =>
      this.child.once('exit', () => done()),
    );
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** A port free on loopback right now (the servers we start bind it a moment later). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Polls `check` until it returns true, failing with `describe()` after `timeoutMs`. */
export async function waitFor(
  check: () => Promise<boolean>,
  options: { timeoutMs: number; describe: () => string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(options.describe());
    await new Promise(r => setTimeout(r, 100));
  }
}
