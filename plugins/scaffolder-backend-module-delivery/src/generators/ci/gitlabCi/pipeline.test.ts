import { GitLabCiSchemaValidator } from '@go-delivery/sandbox';
import { execFile, execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { SERVICE_CONTRACT } from '../../contract';
import {
  autoDeployedEnvironments,
  generateGitOps,
  gitopsRoot,
} from '../../gitops';
import { scriptInputs } from '../../gitops/__testUtils__/scripts';
import { exampleSpec } from '../../gitops/__testUtils__/specs';
import {
  runTool,
  toolPath,
  writeToTempDir,
} from '../../gitops/__testUtils__/tools';
import type { GoServiceSpec } from '../../types';
import { generateCi, GITLAB_CI_PATH } from '..';
import {
  COVERAGE_GATE_SCRIPT,
  COVERAGE_UPLOAD_SCRIPT,
} from '../scripts/coverage';
import { GITOPS_BUMP_SCRIPT } from '../scripts/gitopsBump';
import {
  GO_LINT_SCRIPT,
  GO_MODULE_CHECKS_SCRIPT,
  GO_TEST_SCRIPT,
  GO_VULNCHECK_SCRIPT,
} from '../scripts/goChecks';
import { BUILD_IMAGE_SCRIPT } from '../scripts/buildImage';
import { CI_IMAGES, CI_TOOLS } from '../tools';

// Parsed YAML: any shape, asserted field by field.
type Yaml = any;

const schema = new GitLabCiSchemaValidator();

/**
 * Every combination the pipeline varies on: which environments deploy automatically (none,
 * some, all but prod), Kustomize or Helm (the same bump script handles both), and which registry
 * the image goes to (GitLab's own, which takes the job's
 * credentials, or another: a host, a host with a port, Docker Hub).
 */
const VARIANTS: Array<[string, GoServiceSpec]> = [
  ['ghcr.io, dev/staging/prod, canary', exampleSpec({ ci: 'gitlab-ci' })],
  [
    'GitLab registry, prod only',
    exampleSpec({
      ci: 'gitlab-ci',
      environments: ['prod'],
      imageRepository: 'registry.gitlab.com/example-org/payments-api',
      serviceRepoUrl: 'https://gitlab.com/example-org/payments-api.git',
      gitopsRepoUrl: 'https://gitlab.com/example-org/gitops.git',
    }),
  ],
  [
    'GitLab registry, dev/prod, no canary',
    exampleSpec({
      ci: 'gitlab-ci',
      canary: false,
      environments: ['dev', 'prod'],
      imageRepository: 'registry.gitlab.com/example-org/payments-api',
    }),
  ],
  [
    'registry with a port, dev/staging, threshold 65.5',
    exampleSpec({
      ci: 'gitlab-ci',
      canary: false,
      environments: ['dev', 'staging'],
      coverageThreshold: 65.5,
      name: 'ledger',
      imageRepository: 'registry.example.com:5000/platform/ledger',
      gitopsPath: '/deploy/ledger/',
    }),
  ],
  [
    'Helm chart, GitLab registry, dev/staging/prod',
    exampleSpec({
      ci: 'gitlab-ci',
      manifests: 'helm',
      imageRepository: 'registry.gitlab.com/example-org/payments-api',
    }),
  ],
  [
    'Docker Hub, staging/prod',
    exampleSpec({
      ci: 'gitlab-ci',
      environments: ['staging', 'prod'],
      imageRepository: 'example/payments-api',
    }),
  ],
];

/** Variables GitLab itself sets in every job (predefined CI/CD variables) that the jobs read. */
const GITLAB_PREDEFINED = [
  'CI_COMMIT_REF_NAME',
  'CI_COMMIT_SHA',
  'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME',
  'CI_MERGE_REQUEST_SOURCE_BRANCH_SHA',
];

/** One job's shell: before_script then script, as GitLab runs them in one shell. */
function jobShell(job: Yaml): string {
  return [...(job.before_script ?? []), ...job.script].join('\n');
}

describe.each(VARIANTS)('the GitLab CI pipeline (%s)', (_label, spec) => {
  const files = generateCi(spec);
  const [file] = files;
  const document = parseDocument(file.content);
  const pipeline: Yaml = document.toJS();
  const deploys = autoDeployedEnvironments(spec).length > 0;
  const jobNames = Object.keys(pipeline).filter(
    key => !['workflow', 'stages', 'default'].includes(key),
  );
  const jobs: Record<string, Yaml> = Object.fromEntries(
    jobNames.map(name => [name, pipeline[name]]),
  );
  const header = file.content.slice(0, file.content.indexOf('\nworkflow:'));
  /** CI/CD variables the header tells the user to set. */
  const documented = [...header.matchAll(/\b[A-Z][A-Z0-9_]{3,}\b/g)].map(
    m => m[0],
  );

  it('is one .gitlab-ci.yml that parses', () => {
    expect(files.map(f => f.path)).toEqual([GITLAB_CI_PATH]);
    expect(GITLAB_CI_PATH).toBe('.gitlab-ci.yml');
    expect(document.errors).toEqual([]);
    expect(jobNames).toEqual([
      'go-modules',
      'lint',
      'test',
      'coverage-upload',
      'coverage-gate',
      'vulncheck',
      'describe',
      'build-image',
      'sign',
      ...(deploys ? ['deploy'] : []),
    ]);
  });

  it("validates against GitLab's CI schema (unknown keys rejected)", () => {
    expect(schema.validate(pipeline)).toEqual([]);
  });

  it('passes shellcheck: every job shell, as POSIX sh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitlab-ci-shellcheck-'));
    try {
      for (const [name, job] of Object.entries(jobs)) {
        const script = join(dir, `${name}.sh`);
        writeFileSync(script, `#!/bin/sh\n${jobShell(job)}\n`);
        expect([name, runTool('shellcheck', ['--shell=sh', script])]).toEqual([
          name,
          { status: 0, output: '' },
        ]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives every job shell the variables it reads, and keeps secrets out of the file', () => {
    const dotenv: Record<string, string[]> = {
      describe: ['VERSION', 'BUILD_TIME'],
      'build-image': ['DIGEST'],
    };
    for (const [name, job] of Object.entries(jobs)) {
      const shell = jobShell(job);
      const exported = [...shell.matchAll(/^export ([A-Z_]+)=/gm)].map(
        m => m[1],
      );
      const fromNeeds = (job.needs ?? [])
        .filter((n: Yaml) => n.artifacts)
        .flatMap((n: Yaml) => dotenv[n.job] ?? []);
      const provided = [
        ...Object.keys(pipeline.variables ?? {}),
        ...Object.keys(job.variables ?? {}),
        ...GITLAB_PREDEFINED,
        ...documented,
        ...exported,
        ...fromNeeds,
      ];
      for (const variable of scriptInputs(shell)) {
        expect([name, variable, provided]).toEqual([
          name,
          variable,
          expect.arrayContaining([variable]),
        ]);
      }
      // Values in the file are the spec's or GitLab's own variables, never a secret.
      for (const [key, value] of Object.entries<string>(job.variables ?? {})) {
        expect(documented.includes(key) && !/^\$CI_/.test(value)).toBe(false);
      }
    }
  });

  it('runs for merge requests and the default branch; ships from the default branch only', () => {
    expect(pipeline.workflow.rules).toEqual([
      { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
      { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' },
    ]);
    expect(pipeline.stages).toEqual(['verify', 'build', 'sign', 'deploy']);
    const defaultBranchOnly = [
      { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' },
    ];
    for (const [name, job] of Object.entries(jobs)) {
      const ships = ['describe', 'build-image', 'sign', 'deploy'].includes(
        name,
      );
      expect([name, job.rules]).toEqual([
        name,
        ships ? defaultBranchOnly : undefined,
      ]);
    }
  });

  it('runs the shared gates: tidy modules, golangci-lint (govet), race tests, govulncheck', () => {
    const body = (script: string) => script.replace(/^#!.*\n/, '').trimEnd();
    expect(jobs['go-modules'].script).toEqual([body(GO_MODULE_CHECKS_SCRIPT)]);
    expect(jobs['go-modules'].script[0]).toContain('go mod tidy -diff');
    // Without a cache in the checkout, where gofmt -l . would read it.
    expect(jobs['go-modules'].cache).toBeUndefined();
    // The gate reads the cache the tests fill; the others fill their own.
    const cacheKey = (job: Yaml) => job.cache.key.prefix;
    expect(cacheKey(jobs['coverage-gate'])).toBe(cacheKey(jobs.test));
    expect(jobs['coverage-gate'].cache.policy).toBe('pull');
    expect(
      new Set(['lint', 'test', 'vulncheck'].map(name => cacheKey(jobs[name])))
        .size,
    ).toBe(3);
    expect(jobs.lint.image).toBe(CI_IMAGES.golangciLint);
    expect(jobs.lint.script).toEqual([body(GO_LINT_SCRIPT)]);
    expect(jobs.test.script).toEqual([body(GO_TEST_SCRIPT)]);
    expect(jobs.test.script[0]).toContain('go test -race');
    expect(jobs.vulncheck.script).toEqual([body(GO_VULNCHECK_SCRIPT)]);
    expect(jobs.vulncheck.script[0]).toContain(
      `govulncheck@${CI_TOOLS.govulncheck}`,
    );
    for (const name of ['go-modules', 'test', 'vulncheck', 'describe']) {
      expect(jobs[name].image).toBe(CI_IMAGES.go(spec.goVersion));
    }
  });

  it('keeps the coverage profile as an artifact, uploads it (allowed to fail) and gates it', () => {
    expect(jobs.test.artifacts.paths).toEqual([
      SERVICE_CONTRACT.coverageProfile,
    ]);
    const upload = jobs['coverage-upload'];
    expect(upload.needs).toEqual([{ job: 'test', artifacts: true }]);
    expect(upload.allow_failure).toBe(true);
    expect(upload.variables).toEqual({
      PORTAL_URL: spec.backstageBaseUrl,
      ENTITY_REF: `component:default/${spec.name}`,
    });
    expect(upload.script.at(-1)).toBe(
      COVERAGE_UPLOAD_SCRIPT.replace(/^#!.*\n/, '').trimEnd(),
    );
    const gate = jobs['coverage-gate'];
    expect(gate.needs).toEqual([{ job: 'test', artifacts: true }]);
    expect(gate.variables.COVERAGE_THRESHOLD).toBe(
      String(spec.coverageThreshold),
    );
    expect(gate.script).toEqual([
      COVERAGE_GATE_SCRIPT.replace(/^#!.*\n/, '').trimEnd(),
    ]);
    // GitLab's coverage regex reads the total the gate prints.
    const regex = new RegExp(gate.coverage.slice(1, -1));
    expect(regex.exec('coverage 81.3% meets the threshold of 80%')?.[1]).toBe(
      '81.3',
    );
    expect(
      regex.exec('coverage 50.0% is below the threshold of 80%')?.[1],
    ).toBe('50.0');
  });

  it('builds for two platforms after every gate, then signs by digest and attests an SBOM', () => {
    const { 'build-image': image, sign } = jobs;
    expect(image.needs).toEqual([
      { job: 'describe', artifacts: true },
      { job: 'go-modules', artifacts: false },
      { job: 'lint', artifacts: false },
      { job: 'coverage-gate', artifacts: false },
      { job: 'vulncheck', artifacts: false },
    ]);
    expect(image.image).toEqual({ name: CI_IMAGES.buildkit, entrypoint: [''] });
    expect(image.script[0]).toBe(
      BUILD_IMAGE_SCRIPT.replace(/^#!.*\n/, '').trimEnd(),
    );
    expect(image.variables).toMatchObject({
      IMAGE: spec.imageRepository,
      TAG: '$CI_COMMIT_SHA',
      PLATFORMS: 'linux/amd64,linux/arm64',
    });
    expect(image.artifacts.reports.dotenv).toBe('image.env');
    expect(sign.needs).toEqual([{ job: 'build-image', artifacts: true }]);
    expect(sign.before_script.join('\n')).toContain(
      `github.com/sigstore/cosign/v3/cmd/cosign@${CI_TOOLS.cosign}`,
    );
    expect(sign.before_script.join('\n')).toContain(
      `github.com/anchore/syft/cmd/syft@${CI_TOOLS.syft}`,
    );
    expect(sign.script).toEqual([
      'cosign sign --yes --recursive --key env://COSIGN_PRIVATE_KEY "$IMAGE@$DIGEST"',
      'cosign public-key --key env://COSIGN_PRIVATE_KEY --outfile cosign.pub',
      'cosign verify --key cosign.pub --output json "$IMAGE@$DIGEST"',
      'syft scan registry:"$IMAGE@$DIGEST" --output spdx-json=sbom.spdx.json',
      'cosign attest --yes --key env://COSIGN_PRIVATE_KEY --type spdxjson --predicate sbom.spdx.json "$IMAGE@$DIGEST"',
    ]);
  });

  it('logs in to the registry with the job token on GitLab, else with CI/CD variables', () => {
    const gitlab = spec.imageRepository.startsWith('registry.gitlab.com/');
    for (const job of [jobs['build-image'], jobs.sign]) {
      expect(job.variables.REGISTRY).toBe(
        spec.imageRepository.startsWith('example/')
          ? 'https://index.docker.io/v1/'
          : spec.imageRepository.split('/')[0],
      );
      expect(job.variables.REGISTRY_PASSWORD).toBe(
        gitlab ? '$CI_REGISTRY_PASSWORD' : undefined,
      );
    }
    expect(documented.includes('REGISTRY_PASSWORD')).toBe(!gitlab);
    expect(documented).toEqual(
      expect.arrayContaining([
        'PORTAL_TOKEN',
        'COSIGN_PRIVATE_KEY',
        'COSIGN_PASSWORD',
      ]),
    );
    expect(documented.includes('GITOPS_TOKEN')).toBe(deploys);
  });

  if (deploys) {
    it('bumps the auto-synced overlays with the shared bump script, one pipeline at a time', () => {
      const { deploy } = jobs;
      expect(deploy.needs).toEqual([
        { job: 'build-image', artifacts: true },
        { job: 'sign', artifacts: false },
      ]);
      expect(deploy.resource_group).toBe(`gitops-${spec.name}`);
      expect(deploy.interruptible).toBe(false);
      expect(deploy.script).toEqual([
        GITOPS_BUMP_SCRIPT.replace(/^#!.*\n/, '').trimEnd(),
      ]);
      expect(deploy.variables).toEqual({
        GITOPS_REPO_URL: spec.gitopsRepoUrl,
        GITOPS_BRANCH: 'main',
        GITOPS_PATH: gitopsRoot(spec),
        OVERLAYS: autoDeployedEnvironments(spec).join(' '),
        IMAGE: spec.imageRepository,
        TAG: '$CI_COMMIT_SHA',
        SERVICE_NAME: spec.name,
      });
      expect(deploy.variables.OVERLAYS).not.toContain('prod');
    });
  }
});

describe('the GitLab job shells, run for real', () => {
  const spec = exampleSpec({ ci: 'gitlab-ci' });
  const pipeline: Yaml = parseDocument(generateCi(spec)[0].content).toJS();
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'gitlab-jobs-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
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

  /**
   * Runs a job's shell with sh as GitLab would: in `cwd`, with the job's variables (GitLab's own
   * variables they name expanded from `gitlab`), and `extra` standing for dotenv reports and CI/CD
   * variables. Returns the private HOME it ran with.
   */
  function runJob(
    name: string,
    options: {
      cwd: string;
      gitlab?: Record<string, string>;
      extra?: Record<string, string>;
    },
  ) {
    const job = pipeline[name];
    const gitlab = options.gitlab ?? {};
    const home = mkdtempSync(join(scratch, 'home-'));
    const script = join(scratch, `${name}.sh`);
    writeFileSync(script, jobShell(job));
    const variables = Object.fromEntries(
      Object.entries<string>(job.variables ?? {}).map(([k, v]) => [
        k,
        v.replace(/\$(CI_[A-Z_]+)/g, (_m, n) => gitlab[n] ?? ''),
      ]),
    );
    // Asynchronously: the portal the upload talks to is served by this process.
    return new Promise<{ home: string }>((resolve, reject) =>
      execFile(
        'sh',
        [script],
        {
          cwd: options.cwd,
          env: {
            PATH: `${dirname(toolPath('kustomize'))}:${process.env.PATH}`,
            HOME: home,
            GIT_CONFIG_NOSYSTEM: '1',
            ...gitlab,
            ...variables,
            ...options.extra,
          },
        },
        (error, _stdout, stderr) =>
          error ? reject(new Error(`${name}: ${stderr}`)) : resolve({ home }),
      ),
    );
  }

  it('describe: writes the version and build time as a dotenv report', async () => {
    const repo = join(scratch, 'service');
    mkdirSync(repo);
    git(repo, 'init', '--quiet', '--initial-branch=main');
    writeFileSync(join(repo, 'main.go'), 'package main\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'first');
    git(repo, 'tag', 'v1.4.0');
    await runJob('describe', { cwd: repo });
    expect(readFileSync(join(repo, 'build.env'), 'utf8')).toBe(
      'VERSION=v1.4.0\nBUILD_TIME=2024-05-06T07:08:09Z\n',
    );
  });

  it.each([
    ['ghcr.io/example-org/payments-api', 'ghcr.io'],
    ['example/payments-api', 'https://index.docker.io/v1/'],
  ])(
    'build-image and sign: log in to the registry of %s in a Docker config only the job reads',
    (imageRepository, registry) => {
      const job: Yaml = parseDocument(
        generateCi(exampleSpec({ ci: 'gitlab-ci', imageRepository }))[0]
          .content,
      ).toJS()['build-image'];
      const config = join(scratch, 'docker-config');
      const script = join(scratch, 'login.sh');
      writeFileSync(script, job.before_script.join('\n'));
      execFileSync('sh', [script], {
        env: {
          PATH: process.env.PATH,
          ...job.variables,
          DOCKER_CONFIG: config,
          REGISTRY_USERNAME: 'robot$ci',
          REGISTRY_PASSWORD: 'p@ss word',
        },
      });
      const file = join(config, 'config.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
        auths: {
          [registry]: {
            auth: Buffer.from('robot$ci:p@ss word').toString('base64'),
          },
        },
      });
    },
  );

  describe('coverage-upload', () => {
    let received: URL[] = [];
    let authorization: string | undefined;
    const server = createServer((request, response) => {
      received.push(new URL(request.url!, 'http://portal'));
      authorization = request.headers.authorization;
      request.resume();
      request.on('end', () => {
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end('{}');
      });
    });
    let portalUrl: string;
    beforeAll(async () => {
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
      portalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise(resolve => server.close(resolve)));
    beforeEach(() => {
      received = [];
    });

    const upload = async (gitlab: Record<string, string>) => {
      writeFileSync(
        join(scratch, SERVICE_CONTRACT.coverageProfile),
        'mode: atomic\n',
      );
      await runJob('coverage-upload', {
        cwd: scratch,
        gitlab,
        extra: { PORTAL_URL: portalUrl, PORTAL_TOKEN: 'portal-token' },
      });
      expect(received).toHaveLength(1);
      expect(authorization).toBe('Bearer portal-token');
      return Object.fromEntries(received[0].searchParams);
    };

    it("files a merge request's coverage under its source branch and head", async () => {
      expect(
        await upload({
          CI_COMMIT_SHA: 'a'.repeat(40),
          CI_COMMIT_REF_NAME: 'refs/merge-requests/7/head',
          CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/x',
          CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: 'b'.repeat(40),
        }),
      ).toEqual({
        entity: 'component:default/payments-api',
        commit: 'b'.repeat(40),
        branch: 'feature/x',
        format: 'go',
      });
    });

    it("files a default-branch pipeline's coverage under the pushed branch and commit", async () => {
      expect(
        await upload({
          CI_COMMIT_SHA: 'c'.repeat(40),
          CI_COMMIT_REF_NAME: 'main',
          // Set, but empty, outside merged-results pipelines.
          CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: '',
        }),
      ).toMatchObject({ commit: 'c'.repeat(40), branch: 'main' });
    });
  });

  it('deploy: bumps the overlays with its variables, the dotenv digest and the token', async () => {
    const work = writeToTempDir(generateGitOps(spec), 'gitlab-gitops-');
    git(work, 'init', '--quiet', '--initial-branch=main');
    git(work, 'add', '.');
    git(work, 'commit', '--quiet', '-m', 'payments-api');
    const bare = join(scratch, 'gitops.git');
    git(scratch, 'clone', '--quiet', '--bare', work, bare);
    rmSync(work, { recursive: true, force: true });
    const sha = 'd'.repeat(40);
    const digest = `sha256:${'e'.repeat(64)}`;
    const { home } = await runJob('deploy', {
      cwd: scratch,
      gitlab: { CI_COMMIT_SHA: sha },
      extra: {
        GITOPS_REPO_URL: bare,
        DIGEST: digest,
        GITOPS_TOKEN: 'glpat-example',
      },
    });
    // The token went into a header for the GitOps URL only.
    expect(
      execFileSync('git', ['config', '--global', '--list'], {
        encoding: 'utf8',
        env: { ...process.env, HOME: home },
      }),
    ).toContain(`http.${bare}.extraheader=Authorization: Basic `);
    const checkout = join(scratch, 'checkout');
    git(scratch, 'clone', '--quiet', bare, checkout);
    const imageOf = (env: string) => {
      const built = execFileSync(
        toolPath('kustomize'),
        ['build', join(checkout, spec.gitopsPath, 'overlays', env)],
        { encoding: 'utf8' },
      );
      return parseAllDocuments(built)
        .map(d => d.toJS())
        .find(o => o.kind === 'Rollout').spec.template.spec.containers[0].image;
    };
    expect(imageOf('dev')).toBe(`${spec.imageRepository}:${sha}@${digest}`);
    expect(imageOf('staging')).toBe(`${spec.imageRepository}:${sha}@${digest}`);
    expect(imageOf('prod')).toBe(`${spec.imageRepository}:unreleased`);
    expect(git(bare, 'log', '-1', '--format=%s')).toBe(
      `deploy(payments-api): ${sha} to dev staging`,
    );
  }, 60_000);
});
