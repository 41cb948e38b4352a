import { ChildProcess, execFile, spawn } from 'child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'fs/promises';
import { AddressInfo, createServer, Server } from 'net';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { parse as parseYaml } from 'yaml';
import { SERVICE_CONTRACT } from '../contract';
import type { GoServiceSpec } from '../types';
import { generateGoService } from './generateGoService';
import { SERVICE_ENV } from './serviceEnv';

/**
 * Renders a service and runs the real Go toolchain on it: the commit-stage gates, the coverage
 * gate, an -ldflags build, and the built binary's endpoints and graceful shutdown.
 */

const spec: GoServiceSpec = {
  name: 'ledger-api',
  description: 'Ledger of payments',
  owner: 'group:default/team-finance',
  modulePath: 'git.example.org/finance/ledger-api',
  goVersion: '1.24',
  port: 8080,
  ci: 'tekton',
  environments: ['dev', 'prod'],
  canary: true,
  coverageThreshold: 80,
  imageRepository: 'registry.example.org/finance/ledger-api',
  serviceRepoUrl: 'https://git.example.org/finance/ledger-api.git',
  gitopsRepoUrl: 'https://git.example.org/finance/gitops.git',
  gitopsPath: 'apps/ledger-api',
  argocd: {
    instance: 'main',
    project: 'finance',
    namespace: 'argocd',
    destinationServer: 'https://kubernetes.default.svc',
  },
  backstageBaseUrl: 'https://backstage.example.org',
  secretStore: 'vault',
};

const VERSION = 'v9.8.7-test';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const { paths, env, makeTargets, metrics } = SERVICE_CONTRACT;

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

const timings: Array<[string, number]> = [];

function run(
  dir: string,
  command: string,
  args: string[],
): Promise<CommandResult> {
  const started = Date.now();
  return new Promise(resolve => {
    execFile(
      command,
      args,
      {
        cwd: dir,
        // Never download another toolchain; the local Go must satisfy go.mod.
        env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const ms = Date.now() - started;
        timings.push([[command, ...args].join(' '), ms]);
        let code = 0;
        if (error !== null)
          code = typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr, ms });
      },
    );
  });
}

async function isOnPath(command: string): Promise<boolean> {
  return new Promise(resolve =>
    execFile(command, ['version'], error => resolve(error === null)),
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function httpGet(
  url: string,
): Promise<{ status: number; body: string } | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return { status: response.status, body: await response.text() };
  } catch {
    return undefined; // not listening (yet, or any more)
  }
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

describe('the generated Go service, built with the Go toolchain', () => {
  let dir: string;
  const generated = generateGoService(spec);
  const original = new Map(generated.map(f => [f.path, f.content]));
  const results: Record<string, CommandResult> = {};
  let coverage: number;
  let golangciLint = false;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'go-service-'));
    for (const file of generated) {
      await mkdir(dirname(join(dir, file.path)), { recursive: true });
      await writeFile(join(dir, file.path), file.content, {
        mode: file.mode ?? 0o644,
      });
    }
    const go = (...args: string[]) => run(dir, 'go', args);
    const make = (...args: string[]) => run(dir, 'make', args);

    // Sequential on purpose: tidy before anything may rewrite go.mod, and the
    // machine's cores are better spent on one go command at a time.
    results.tidy = await go('mod', 'tidy');
    results.verify = await go('mod', 'verify');
    results.gofmt = await run(dir, 'gofmt', ['-l', '.']);
    results.vet = await go('vet', './...');
    results.test = await make(makeTargets.test);
    results.gate = await make(makeTargets.coverageGate);
    coverage = Number(
      /coverage ([\d.]+)% meets/.exec(results.gate.stdout)?.[1],
    );
    results.gateAbove = await make(
      makeTargets.coverageGate,
      `COVERAGE_THRESHOLD=${(coverage + 0.1).toFixed(1)}`,
    );
    results.build = await make(
      makeTargets.build,
      `VERSION=${VERSION}`,
      `COMMIT=${COMMIT}`,
      'BUILD_TIME=2030-01-02T03:04:05Z',
    );
    golangciLint = await isOnPath('golangci-lint');
    // The pre-commit hooks as pre-commit runs them (each entry in the repository's root).
    const hooks: Array<{ id: string; entry: string; stages?: string[] }> =
      parseYaml(original.get('.pre-commit-config.yaml')!).repos[0].hooks;
    for (const hook of hooks.filter(h => !h.stages)) {
      if (hook.id === 'golangci-lint' && !golangciLint) continue;
      results[`hook ${hook.id}`] = await run(dir, 'sh', ['-c', hook.entry]);
    }
    if (golangciLint) {
      results.lintConfig = await run(dir, 'golangci-lint', [
        'config',
        'verify',
      ]);
      results.lint = await make(makeTargets.lint);
    }
  }, 20 * 60_000);

  afterAll(async () => {
    // Timings of the Go steps, for deciding what CI can afford.
    // eslint-disable-next-line no-console
    console.log(
      timings
        .map(([step, ms]) => `${(ms / 1000).toFixed(1)}s\t${step}`)
        .join('\n'),
    );
    if (dir) {
      await rm(dir, { recursive: true, force: true });
    }
  });

  function expectSuccess(result: CommandResult) {
    expect({ ...result, ms: undefined }).toMatchObject({ code: 0 });
  }

  it('is tidy: go mod tidy leaves go.mod and go.sum byte-identical', async () => {
    expectSuccess(results.tidy);
    expect(await readFile(join(dir, 'go.mod'), 'utf8')).toBe(
      original.get('go.mod'),
    );
    expect(await readFile(join(dir, 'go.sum'), 'utf8')).toBe(
      original.get('go.sum'),
    );
  });

  it('passes its pre-commit hooks', () => {
    const hooks = Object.keys(results).filter(key => key.startsWith('hook '));
    expect(hooks).toEqual(
      expect.arrayContaining(['hook gofmt', 'hook go-vet', 'hook go-mod-tidy']),
    );
    for (const hook of hooks) expectSuccess(results[hook]);
  });

  it('passes go mod verify, gofmt and go vet', () => {
    expectSuccess(results.verify);
    expect(results.verify.stdout).toContain('all modules verified');
    expectSuccess(results.gofmt);
    expect(results.gofmt.stdout).toBe('');
    expectSuccess(results.vet);
  });

  it('passes its unit tests with -race and meets the coverage gate', () => {
    expectSuccess(results.test);
    expect(results.test.stdout).not.toMatch(/^(FAIL|---)/m);
    expect(results.test.stdout).toMatch(
      /^ok\s+git\.example\.org\/finance\/ledger-api\/internal\/server\s/m,
    );
    expectSuccess(results.gate);
    expect(coverage).toBeGreaterThanOrEqual(spec.coverageThreshold + 5);
  });

  it('fails the coverage gate when the threshold is above the coverage', () => {
    expect(results.gateAbove.code).not.toBe(0);
    expect(results.gateAbove.stderr).toContain(
      `coverage ${coverage.toFixed(1)}% is below the threshold of ${(
        coverage + 0.1
      ).toFixed(1)}%`,
    );
  });

  it('passes golangci-lint with its v2 configuration', () => {
    // scripts/setup-go-tools.sh installs it; a missing linter is a failure, not a skip.
    expect({ golangciLintOnPath: golangciLint }).toEqual({
      golangciLintOnPath: true,
    });
    expectSuccess(results.lintConfig);
    expectSuccess(results.lint);
  });

  describe('the built binary', () => {
    let child: ChildProcess | undefined;
    let dependency: Server;
    let logs = '';

    afterAll(async () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
      dependency?.close();
    });

    it('serves health, readiness and metrics, and drains on SIGTERM', async () => {
      expectSuccess(results.build);
      dependency = createServer(socket => socket.destroy());
      await new Promise<void>(resolve =>
        dependency.listen(0, '127.0.0.1', resolve),
      );
      const dependencyAddr = `127.0.0.1:${
        (dependency.address() as AddressInfo).port
      }`;
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const drainDelayMs = 1000;
      const shutdownTimeoutMs = 5000;

      const proc = spawn(join(dir, 'bin', spec.name), [], {
        env: {
          [env.port]: String(port),
          [env.shutdownTimeout]: `${shutdownTimeoutMs}ms`,
          [env.logLevel]: 'debug',
          [SERVICE_ENV.drainDelay]: `${drainDelayMs}ms`,
          [SERVICE_ENV.readinessTcpAddrs]: dependencyAddr,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      proc.stdout?.on('data', chunk => (logs += chunk));
      proc.stderr?.on('data', chunk => (logs += chunk));
      const exited = new Promise<{ code: number | null; at: number }>(resolve =>
        proc.on('exit', code => resolve({ code, at: Date.now() })),
      );

      let live = await httpGet(base + paths.liveness);
      for (let i = 0; !live && i < 100; i++) {
        await sleep(50);
        live = await httpGet(base + paths.liveness);
      }
      expect(live).toEqual({ status: 200, body: '{"status":"ok"}\n' });

      const ready = await httpGet(base + paths.readiness);
      expect(ready?.status).toBe(200);
      expect(JSON.parse(ready!.body)).toEqual({
        status: 'ready',
        checks: { [`tcp:${dependencyAddr}`]: 'ok' },
      });

      const greeting = await httpGet(`${base}/api/v1/greetings/jest`);
      expect(greeting).toEqual({
        status: 200,
        body: '{"message":"Hello, jest!"}\n',
      });

      const scrape = await httpGet(base + paths.metrics);
      expect(scrape?.status).toBe(200);
      const { labels } = metrics;
      expect(scrape?.body).toContain(
        `${metrics.buildInfo}{${labels.commit}="${COMMIT}",${labels.version}="${VERSION}"} 1\n`,
      );
      expect(scrape?.body).toContain(
        `${metrics.requestDuration}_count{${labels.code}="200",${labels.method}="GET",${labels.route}="/api/v1/greetings/{name}"} 1\n`,
      );
      expect(scrape?.body).toMatch(/^go_goroutines \d+$/m);
      expect(scrape?.body).toMatch(/^process_start_time_seconds /m);

      // A dependency going away makes the service not ready, but still live.
      await new Promise(resolve => dependency.close(resolve));
      const notReady = await httpGet(base + paths.readiness);
      expect(notReady?.status).toBe(503);
      expect(JSON.parse(notReady!.body).status).toBe('not ready');

      const termAt = Date.now();
      proc.kill('SIGTERM');
      // During the drain delay the server still answers, but no longer as ready.
      // (A pooled keep-alive connection may be closed under the first request:
      // the server stops keep-alives when the drain begins, so retry.)
      let duringDrain: Awaited<ReturnType<typeof httpGet>>;
      do {
        duringDrain = await httpGet(base + paths.readiness);
      } while (
        !duringDrain?.body.includes('shutting down') &&
        Date.now() - termAt < drainDelayMs
      );
      expect(duringDrain).toEqual({
        status: 503,
        body: '{"status":"shutting down"}\n',
      });

      const { code, at } = await exited;
      expect(code).toBe(0);
      expect(at - termAt).toBeLessThan(drainDelayMs + shutdownTimeoutMs);
      expect(at - termAt).toBeGreaterThanOrEqual(drainDelayMs - 50);

      const events = logs
        .trim()
        .split('\n')
        .map(line => JSON.parse(line));
      expect(events[0]).toMatchObject({
        level: 'INFO',
        msg: 'starting',
        service: spec.name,
        version: VERSION,
        commit: COMMIT,
        build_time: '2030-01-02T03:04:05Z',
      });
      expect(events.map(event => event.msg)).toEqual(
        expect.arrayContaining([
          'readiness check failed',
          'shutdown started',
          'shutdown complete',
        ]),
      );
    }, 60_000);
  });
});
