import { ChildProcess, spawn } from 'node:child_process';
import { deadlineIn } from '../../time/deadline';

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

  /** `removeWhenGone`: a directory (of ours, from mkdtemp) the watchdog deletes after the kill. */
  static spawn(
    name: string,
    binary: string,
    args: string[],
    removeWhenGone?: string,
  ): ManagedProcess {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // Nothing here needs a graceful end, and nothing may outlive us: a test runner that kills
    // its worker mid-test would leave etcd and the API server running. A watchdog outside our
    // process kills the child once we are gone.
    if (child.pid !== undefined) {
      spawn(
        '/bin/sh',
        [
          '-c',
          `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${
            child.pid
          } 2>/dev/null; do sleep 1; done; kill -9 ${child.pid} 2>/dev/null${
            removeWhenGone ? `; rm -rf '${removeWhenGone}'` : ''
          }`,
        ],
        { detached: true, stdio: 'ignore' },
      ).unref();
    }
    return new ManagedProcess(name, child);
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
    // Its data is thrown away: no graceful shutdown to wait for.
    this.child.kill('SIGKILL');
    await exited;
  }
}

/** A wait of {@link waitFor} that ran out. */
export class WaitTimeout extends Error {}

/**
 * Polls `check` until it returns true, failing with `describe()` after `timeoutMs`. An error
 * thrown by `check` (a process that exited) ends the wait at once: a check that may fail while
 * the server comes up answers false instead.
 */
export async function waitFor(
  check: () => Promise<boolean>,
  options: { timeoutMs: number; describe: () => string },
): Promise<void> {
  const deadline = deadlineIn(options.timeoutMs);
  for (;;) {
    if (await check()) return;
    if (deadline.passed()) throw new WaitTimeout(options.describe());
    await new Promise(r => setTimeout(r, 100));
  }
}
