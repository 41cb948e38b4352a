import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SERVICE_CONTRACT } from '../../contract';
import { generateGitOps } from '../../gitops';
import { exampleSpec } from '../../gitops/__testUtils__/specs';
import {
  runTool,
  toolPath,
  writeToTempDir,
} from '../../gitops/__testUtils__/tools';
import { BUILD_IMAGE_SCRIPT } from './buildImage';
import { CHECKOUT_SCRIPT } from './checkout';
import { COVERAGE_GATE_SCRIPT, COVERAGE_UPLOAD_SCRIPT } from './coverage';
import { GITOPS_BUMP_SCRIPT } from './gitopsBump';
import {
  GO_LINT_SCRIPT,
  GO_MODULE_CHECKS_SCRIPT,
  GO_TEST_SCRIPT,
  GO_VULNCHECK_RESULT_SCRIPT,
  GO_VULNCHECK_SCRIPT,
} from './goChecks';
import { SBOM_RESULT_SCRIPT, SIGNATURE_RESULT_SCRIPT } from './signing';

/**
 * The CI scripts run for real with POSIX sh (dash, as in the Debian-based CI images) against
 * real git repositories, a real Go module, a real HTTP server and the real kustomize.
 */

interface RunResult {
  code: number;
  home: string;
  stdout: string;
  stderr: string;
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ci-scripts-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function newDir(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs a script with sh in `cwd`, a private HOME and exactly the given variables. */
function runScript(options: {
  script: string;
  cwd: string;
  env: Record<string, string>;
}): Promise<RunResult> {
  const file = join(
    scratch,
    `script-${Math.random().toString(36).slice(2)}.sh`,
  );
  writeFileSync(file, options.script);
  const home = newDir(`home-${Math.random().toString(36).slice(2)}`);
  return new Promise(resolve => {
    execFile(
      'sh',
      [file],
      {
        cwd: options.cwd,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          GIT_CONFIG_NOSYSTEM: '1',
          ...options.env,
        },
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          home,
          stdout,
          stderr,
        }),
    );
  });
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.com',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.com',
      GIT_AUTHOR_DATE: '2024-05-06T07:08:09Z',
      GIT_COMMITTER_DATE: '2024-05-06T07:08:09Z',
    },
  }).trim();
}

function writeTree(root: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

describe('every CI script', () => {
  it.each([
    ['checkout', CHECKOUT_SCRIPT],
    ['go module checks', GO_MODULE_CHECKS_SCRIPT],
    ['lint', GO_LINT_SCRIPT],
    ['test', GO_TEST_SCRIPT],
    ['vulncheck', GO_VULNCHECK_SCRIPT],
    ['vulncheck with its result', GO_VULNCHECK_RESULT_SCRIPT],
    ['SBOM result', SBOM_RESULT_SCRIPT],
    ['signature result', SIGNATURE_RESULT_SCRIPT],
    ['coverage gate', COVERAGE_GATE_SCRIPT],
    ['coverage upload', COVERAGE_UPLOAD_SCRIPT],
    ['image build', BUILD_IMAGE_SCRIPT],
    ['GitOps bump', GITOPS_BUMP_SCRIPT],
  ])('%s passes shellcheck as POSIX sh', (_name, script) => {
    const file = join(newDir('shellcheck'), 'script.sh');
    writeFileSync(file, script);
    expect(runTool('shellcheck', ['--shell=sh', file])).toEqual({
      status: 0,
      output: '',
    });
  });
});

describe('the checkout script', () => {
  it('checks out the revision and describes it for the build', async () => {
    const origin = newDir('checkout-origin');
    git(origin, 'init', '--quiet', '--initial-branch=main');
    writeTree(origin, { 'main.go': 'package main\n' });
    git(origin, 'add', '.');
    git(origin, 'commit', '--quiet', '-m', 'first');
    git(origin, 'tag', 'v1.2.3');
    writeTree(origin, { 'README.md': '# service\n' });
    git(origin, 'add', '.');
    git(origin, 'commit', '--quiet', '-m', 'second');
    const revision = git(origin, 'rev-parse', 'HEAD');
    writeTree(origin, { 'later.txt': 'not part of the build\n' });
    git(origin, 'add', '.');
    git(origin, 'commit', '--quiet', '-m', 'third');

    const workspace = newDir('checkout-workspace');
    const results = newDir('checkout-results');
    const credentials = newDir('checkout-credentials');
    writeFileSync(
      join(credentials, '.git-credentials'),
      'https://ci:token@git.example.com\n',
    );
    const run = await runScript({
      script: CHECKOUT_SCRIPT,
      cwd: workspace,
      env: {
        REPO_URL: origin,
        REVISION: revision,
        SOURCE_DIR: join(workspace, 'src'),
        GIT_CREDENTIALS_DIR: credentials,
        RESULT_COMMIT: join(results, 'commit'),
        RESULT_COMMIT_TIME: join(results, 'commit-time'),
        RESULT_VERSION: join(results, 'version'),
      },
    });
    expect(run).toMatchObject({ code: 0 });
    const result = (name: string) => readFileSync(join(results, name), 'utf8');
    expect(result('commit')).toBe(revision);
    expect(result('commit-time')).toBe('2024-05-06T07:08:09Z');
    expect(result('version')).toMatch(/^v1\.2\.3-1-g[0-9a-f]{7,}$/);
    expect(existsSync(join(workspace, 'src', 'README.md'))).toBe(true);
    // The credentials are handed to git's store helper, readable by the owner only.
    const stored = join(run.home, '.git-credentials');
    expect(statSync(stored).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(run.home, '.gitconfig'), 'utf8')).toContain(
      'helper = store',
    );
    expect(existsSync(join(workspace, 'src', 'later.txt'))).toBe(false);
  });
});

describe('the coverage scripts', () => {
  let module: string;

  beforeAll(async () => {
    // Half of the statements covered: one of two functions tested.
    module = newDir('coverage-module');
    writeTree(module, {
      'go.mod': 'module example.com/covered\n\ngo 1.24\n',
      'covered.go':
        'package covered\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n\nfunc Sub(a, b int) int {\n\treturn a - b\n}\n',
      'covered_test.go':
        'package covered\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal("1+2")\n\t}\n}\n',
    });
    const run = await runScript({
      script: GO_TEST_SCRIPT,
      cwd: module,
      env: {
        GOCACHE: process.env.GOCACHE ?? join(scratch, 'gocache'),
        GOPATH: process.env.GOPATH ?? join(scratch, 'gopath'),
        GOFLAGS: '-mod=mod',
        GOTOOLCHAIN: 'local',
      },
    });
    if (run.code !== 0) throw new Error(`go test failed: ${run.stderr}`);
  }, 120_000);

  it('writes the profile the contract names, in atomic mode', () => {
    const profile = readFileSync(
      join(module, SERVICE_CONTRACT.coverageProfile),
      'utf8',
    );
    expect(profile.split('\n')[0]).toBe('mode: atomic');
  });

  it.each([
    ['40', 0],
    ['50', 0],
    ['50.5', 1],
    ['80', 1],
    ['eighty', 1],
    ['', 1],
  ])('gates 50 %% coverage at a threshold of "%s"', async (threshold, code) => {
    const run = await runScript({
      script: COVERAGE_GATE_SCRIPT,
      cwd: module,
      env: {
        COVERAGE_THRESHOLD: threshold,
        GOCACHE: process.env.GOCACHE ?? join(scratch, 'gocache'),
        GOTOOLCHAIN: 'local',
      },
    });
    expect(run.code).toBe(code);
    expect(run.stdout.includes('coverage 50.0% meets')).toBe(code === 0);
  });

  describe('upload', () => {
    let received: Array<{
      request: IncomingMessage;
      body: string;
    }> = [];
    let status = 201;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', chunk => (body += chunk));
      request.on('end', () => {
        received.push({ request, body });
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify(status < 300 ? { ok: true } : { error: 'no' }),
        );
      });
    });
    let portalUrl: string;

    beforeAll(async () => {
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
      portalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise(resolve => server.close(resolve)));
    beforeEach(() => {
      received = [];
      status = 201;
    });

    const upload = () =>
      runScript({
        script: COVERAGE_UPLOAD_SCRIPT,
        cwd: module,
        env: {
          PORTAL_URL: portalUrl,
          PORTAL_TOKEN: 's3cr3t-token',
          ENTITY_REF: 'component:default/payments-api',
          COMMIT_SHA: 'a'.repeat(40),
          BRANCH: 'feature/new thing',
        },
      });

    it('posts the raw profile with the bearer token and the query the portal reads', async () => {
      const run = await upload();
      expect(run.code).toBe(0);
      expect(received).toHaveLength(1);
      const [{ request, body }] = received;
      const url = new URL(request.url!, portalUrl);
      expect(request.method).toBe('POST');
      expect(url.pathname).toBe(SERVICE_CONTRACT.coverageUpload.path);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        entity: 'component:default/payments-api',
        commit: 'a'.repeat(40),
        branch: 'feature/new thing',
        format: 'go',
      });
      expect(request.headers.authorization).toBe('Bearer s3cr3t-token');
      expect(request.headers['content-type']).toBe('text/plain');
      expect(body).toBe(
        readFileSync(join(module, SERVICE_CONTRACT.coverageProfile), 'utf8'),
      );
    });

    it('fails, showing the answer, when the portal refuses the upload', async () => {
      status = 403;
      const run = await upload();
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).toContain('"error":"no"');
    });
  });
});

describe('the GitOps bump script', () => {
  const spec = exampleSpec();
  const image = spec.imageRepository;
  const tag = 'b'.repeat(40);
  const digest = `sha256:${'c'.repeat(64)}`;
  let bare: string;

  beforeEach(() => {
    const work = writeToTempDir(generateGitOps(spec), 'gitops-repo-');
    git(work, 'init', '--quiet', '--initial-branch=main');
    git(work, 'add', '.');
    git(work, 'commit', '--quiet', '-m', 'payments-api');
    bare = join(
      newDir(`bare-${Math.random().toString(36).slice(2)}`),
      'gitops.git',
    );
    git(scratch, 'clone', '--quiet', '--bare', work, bare);
    rmSync(work, { recursive: true, force: true });
  });

  const bump = () =>
    runScript({
      script: GITOPS_BUMP_SCRIPT,
      cwd: scratch,
      env: {
        PATH: `${dirname(toolPath('kustomize'))}:${process.env.PATH}`,
        GITOPS_REPO_URL: bare,
        GITOPS_BRANCH: 'main',
        GITOPS_PATH: spec.gitopsPath,
        OVERLAYS: 'dev staging',
        IMAGE: image,
        TAG: tag,
        DIGEST: digest,
        SERVICE_NAME: spec.name,
      },
    });

  /** The image each overlay deploys, built with kustomize from the pushed branch. */
  function deployedImages(): Record<string, string> {
    const checkout = newDir(`check-${Math.random().toString(36).slice(2)}`);
    git(scratch, 'clone', '--quiet', bare, checkout);
    return Object.fromEntries(
      spec.environments.map(env => {
        const built = execFileSync(
          toolPath('kustomize'),
          ['build', join(checkout, spec.gitopsPath, 'overlays', env)],
          { encoding: 'utf8' },
        );
        const rollout = parseAllDocuments(built)
          .map(d => d.toJS())
          .find(o => o.kind === 'Rollout');
        return [env, rollout.spec.template.spec.containers[0].image];
      }),
    );
  }

  it('points the listed overlays at the image by tag and digest, and leaves prod alone', async () => {
    const run = await bump();
    expect(run).toMatchObject({ code: 0 });
    expect(deployedImages()).toEqual({
      dev: `${image}:${tag}@${digest}`,
      staging: `${image}:${tag}@${digest}`,
      prod: `${image}:unreleased`,
    });
    expect(git(bare, 'log', '-1', '--format=%s%n%an')).toBe(
      `deploy(payments-api): ${tag} to dev staging\nDelivery pipeline`,
    );
  });

  it('changes nothing when the overlays already deploy the image', async () => {
    expect((await bump()).code).toBe(0);
    const head = git(bare, 'rev-parse', 'main');
    const again = await bump();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already deploy');
    expect(git(bare, 'rev-parse', 'main')).toBe(head);
  });

  it('starts again from the new tip when another push got there first', async () => {
    // The first push is refused after someone else's commit lands, as when two pipelines race.
    const other = newDir(`other-${Math.random().toString(36).slice(2)}`);
    git(scratch, 'clone', '--quiet', bare, other);
    const hook = join(bare, 'hooks', 'pre-receive');
    writeFileSync(
      hook,
      `#!/bin/sh
if [ ! -f "${bare}/raced" ]; then
  touch "${bare}/raced"
  echo "simulated concurrent push" >&2
  exit 1
fi
`,
    );
    chmodSync(hook, 0o755);
    writeFileSync(join(other, 'NOTES.md'), 'someone else\n');
    git(other, 'add', '.');
    git(other, 'commit', '--quiet', '-m', 'someone else');
    writeFileSync(join(bare, 'raced'), '');
    git(other, 'push', '--quiet', 'origin', 'HEAD:main');
    rmSync(join(bare, 'raced'));

    const run = await bump();
    expect(run).toMatchObject({ code: 0 });
    expect(statSync(join(bare, 'raced')).isFile()).toBe(true);
    expect(git(bare, 'log', '--format=%s', 'main').split('\n')).toEqual([
      `deploy(payments-api): ${tag} to dev staging`,
      'someone else',
      'payments-api',
    ]);
    expect(deployedImages().dev).toBe(`${image}:${tag}@${digest}`);
  }, 30_000);
});

describe('the GitOps bump script on a Helm chart', () => {
  const spec = exampleSpec({ manifests: 'helm' });
  const image = spec.imageRepository;
  const tag = '0123456789'.repeat(4);
  const digest = `sha256:${'f'.repeat(64)}`;
  let bare: string;
  beforeEach(() => {
    const work = writeToTempDir(generateGitOps(spec), 'gitops-helm-repo-');
    git(work, 'init', '--quiet', '--initial-branch=main');
    git(work, 'add', '.');
    git(work, 'commit', '--quiet', '-m', 'payments-api');
    bare = join(
      newDir(`bare-helm-${Math.random().toString(36).slice(2)}`),
      'gitops.git',
    );
    git(scratch, 'clone', '--quiet', '--bare', work, bare);
    rmSync(work, { recursive: true, force: true });
  });

  const bump = (overlays: string) =>
    runScript({
      script: GITOPS_BUMP_SCRIPT,
      cwd: scratch,
      env: {
        GITOPS_REPO_URL: bare,
        GITOPS_BRANCH: 'main',
        GITOPS_PATH: spec.gitopsPath,
        OVERLAYS: overlays,
        IMAGE: image,
        TAG: tag,
        DIGEST: digest,
        SERVICE_NAME: spec.name,
      },
    });

  /** The image each environment deploys, rendered with helm from the pushed branch. */
  function deployedImages(): Record<string, string> {
    const checkout = newDir(
      `check-helm-${Math.random().toString(36).slice(2)}`,
    );
    git(scratch, 'clone', '--quiet', bare, checkout);
    const chart = join(checkout, spec.gitopsPath, 'chart');
    return Object.fromEntries(
      spec.environments.map(env => {
        const { status, output } = runTool('helm', [
          'template',
          'release',
          chart,
          '--values',
          join(chart, 'values.yaml'),
          '--values',
          join(chart, `values-${env}.yaml`),
        ]);
        if (status !== 0) throw new Error(output);
        const rollout = parseAllDocuments(output)
          .map(d => d.toJS())
          .find(o => o?.kind === 'Rollout');
        return [env, rollout.spec.template.spec.containers[0].image];
      }),
    );
  }

  it('pins image.tag (a string, even when all digits) and image.digest in the values of the listed environments', async () => {
    const run = await bump('dev staging');
    expect(run).toMatchObject({ code: 0 });
    expect(deployedImages()).toEqual({
      dev: `${image}:${tag}@${digest}`,
      staging: `${image}:${tag}@${digest}`,
      prod: `${image}:unreleased`,
    });
    const again = await bump('dev staging');
    expect(again.stdout).toContain('already deploy');
  }, 60_000);

  it('fails when an environment has neither an overlay nor a values file', async () => {
    const run = await bump('dev qa');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      'neither overlays/qa nor chart/values-qa.yaml',
    );
  });
});

describe('the supply-chain result scripts', () => {
  /** A stand-in `go` whose `go run …govulncheck…` prints a report and exits with a code. */
  function fakeGo(report: string, code: number): string {
    const bin = newDir(`fake-go-${Math.random().toString(36).slice(2)}`);
    writeFileSync(join(bin, 'report.txt'), report);
    writeFileSync(
      join(bin, 'go'),
      `#!/bin/sh\ncat "${join(bin, 'report.txt')}"\nexit ${code}\n`,
    );
    chmodSync(join(bin, 'go'), 0o755);
    return bin;
  }

  async function vulncheck(report: string, code: number) {
    const dir = newDir(`vulncheck-${Math.random().toString(36).slice(2)}`);
    const result = join(dir, 'SCAN_OUTPUT');
    const run = await runScript({
      script: GO_VULNCHECK_RESULT_SCRIPT,
      cwd: dir,
      env: {
        PATH: `${fakeGo(report, code)}:${process.env.PATH}`,
        RESULT_SCAN_OUTPUT: result,
      },
    });
    return {
      run,
      output: existsSync(result)
        ? JSON.parse(readFileSync(result, 'utf8'))
        : undefined,
    };
  }

  it('writes zero counts when govulncheck finds nothing', async () => {
    const { run, output } = await vulncheck('No vulnerabilities found.\n', 0);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No vulnerabilities found.');
    expect(output).toEqual({
      vulnerabilities: {
        critical: 0,
        high: 0,
        medium: 0,
        low: 0,
        unknown: 0,
        total: 0,
      },
      scanner: 'govulncheck',
    });
  });

  it('counts the vulnerabilities the code calls as unknown, and still fails', async () => {
    const report = [
      '=== Symbol Results ===',
      '',
      'Vulnerability #1: GO-2025-0001',
      '    A flaw in a parser',
      'Vulnerability #2: GO-2025-0002',
      '    Another one',
      '',
      'Your code is affected by 2 vulnerabilities from 1 module.',
      '',
    ].join('\n');
    const { run, output } = await vulncheck(report, 3);
    expect(run.code).toBe(3);
    expect(output.vulnerabilities).toMatchObject({
      critical: 0,
      unknown: 2,
      total: 2,
    });
  });

  it('writes nothing when govulncheck itself fails', async () => {
    const { run, output } = await vulncheck('go: cannot find main module\n', 1);
    expect(run.code).toBe(1);
    expect(output).toBeUndefined();
  });

  it('writes where the SBOM is', async () => {
    const dir = newDir('sbom-result');
    const run = await runScript({
      script: SBOM_RESULT_SCRIPT,
      cwd: dir,
      env: {
        IMAGE_BY_DIGEST: 'registry.example.com/payments-api@sha256:abc',
        PREDICATE_TYPE: 'https://spdx.dev/Document',
        RESULT_SBOM_URI: join(dir, 'uri'),
        RESULT_SBOM_PREDICATE_TYPE: join(dir, 'type'),
      },
    });
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'uri'), 'utf8')).toBe(
      'registry.example.com/payments-api@sha256:abc',
    );
    expect(readFileSync(join(dir, 'type'), 'utf8')).toBe(
      'https://spdx.dev/Document',
    );
  });

  it.each([
    ['0', 0, 'true'],
    ['1', 1, 'false'],
    [undefined, 1, 'false'],
  ])(
    'says whether cosign verify passed (exit code %s)',
    async (exitCode, code, verified) => {
      const dir = newDir(`signature-${Math.random().toString(36).slice(2)}`);
      if (exitCode !== undefined)
        writeFileSync(join(dir, 'exitCode'), exitCode);
      const run = await runScript({
        script: SIGNATURE_RESULT_SCRIPT,
        cwd: dir,
        env: {
          VERIFY_EXIT_CODE_FILE: join(dir, 'exitCode'),
          RESULT_SIGNATURE_VERIFIED: join(dir, 'verified'),
        },
      });
      expect(run.code).toBe(code);
      expect(readFileSync(join(dir, 'verified'), 'utf8')).toBe(verified);
    },
  );
});
