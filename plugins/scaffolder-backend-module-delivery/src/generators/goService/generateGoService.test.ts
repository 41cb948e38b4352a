import { InputError } from '@backstage/errors';
import { parse as parseYaml } from 'yaml';
import { SERVICE_CONTRACT } from '../contract';
import type { GeneratedFile, GoServiceSpec } from '../types';
import { generateGoService } from './generateGoService';

const spec: GoServiceSpec = {
  name: 'ledger-api',
  description: 'Ledger of "all" payments, priced in $',
  owner: 'group:default/team-finance',
  system: 'finance',
  modulePath: 'git.example.org/finance/ledger-api',
  goVersion: '1.25',
  port: 9090,
  ci: 'tekton',
  environments: ['dev', 'staging', 'prod'],
  canary: true,
  coverageThreshold: 85,
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

function fileMap(files: GeneratedFile[]): Map<string, string> {
  return new Map(files.map(file => [file.path, file.content]));
}

function content(files: GeneratedFile[], path: string): string {
  const found = files.find(file => file.path === path);
  if (!found) {
    throw new Error(`${path} was not generated`);
  }
  return found.content;
}

function deepFreeze<T extends object>(value: T): T {
  for (const nested of Object.values(value)) {
    if (nested && typeof nested === 'object') {
      deepFreeze(nested);
    }
  }
  return Object.freeze(value);
}

describe('generateGoService', () => {
  const files = generateGoService(spec);

  it('generates the whole service repository, in path order', () => {
    expect(files.map(file => file.path)).toEqual([
      '.dockerignore',
      '.gitignore',
      '.golangci.yml',
      '.pre-commit-config.yaml',
      'Dockerfile',
      'Makefile',
      'README.md',
      'cmd/ledger-api/main.go',
      'cmd/ledger-api/main_test.go',
      'go.mod',
      'go.sum',
      'internal/api/greetings.go',
      'internal/api/greetings_test.go',
      'internal/config/config.go',
      'internal/config/config_test.go',
      'internal/health/health.go',
      'internal/health/health_test.go',
      'internal/metrics/metrics.go',
      'internal/metrics/metrics_test.go',
      'internal/server/server.go',
      'internal/server/server_test.go',
    ]);
    for (const file of files) {
      expect(file.content.endsWith('\n')).toBe(true);
      expect(file.content).not.toMatch(/\r|[ \t]+\n/);
    }
  });

  it('is pure: a frozen spec, the same files every time', () => {
    const frozen = deepFreeze(structuredClone(spec));
    expect(generateGoService(frozen)).toEqual(files);
    expect(frozen).toEqual(spec);
  });

  it('writes the module path and Go version into go.mod and the imports', () => {
    const goMod = content(files, 'go.mod');
    expect(goMod).toMatch(
      /^module git\.example\.org\/finance\/ledger-api\n\ngo 1\.25\n\nrequire github\.com\/prometheus\/client_golang v1\.23\.2\n/,
    );
    expect(content(files, 'cmd/ledger-api/main.go')).toContain(
      '\t"git.example.org/finance/ledger-api/internal/server"\n',
    );
    expect(
      parseYaml(content(files, '.golangci.yml')).formatters.settings.goimports[
        'local-prefixes'
      ],
    ).toEqual(['git.example.org/finance/ledger-api']);
    expect(content(files, 'Dockerfile')).toContain('ARG GO_VERSION=1.25\n');
  });

  it('keeps go.sum independent of the module path and the Go version', () => {
    const other = generateGoService({
      ...spec,
      name: 'orders',
      modulePath: 'orders',
      goVersion: '1.24',
    });
    expect(content(other, 'go.sum')).toEqual(content(files, 'go.sum'));
    expect(content(files, 'go.sum')).toMatch(
      /^github\.com\/prometheus\/client_golang v1\.23\.2 h1:/m,
    );
  });

  it('uses the name in paths and the port as the default', () => {
    expect(content(files, 'internal/config/config.go')).toContain(
      '\tDefaultPort            = 9090\n',
    );
    expect(content(files, 'Makefile')).toMatch(
      /^BINARY +:= ledger-api\nMAIN +:= \.\/cmd\/ledger-api$/m,
    );
    const dockerfile = content(files, 'Dockerfile');
    expect(dockerfile).toContain('-o /out/ledger-api ./cmd/ledger-api\n');
    expect(dockerfile).toContain('EXPOSE 9090\n');
    expect(dockerfile).toContain('ENTRYPOINT ["/usr/local/bin/ledger-api"]\n');
  });

  it('leaves nothing of another service behind', () => {
    const other = generateGoService({
      ...spec,
      name: 'orders',
      description: 'Orders',
      modulePath: 'github.com/shop/orders',
      port: 8081,
      imageRepository: 'ghcr.io/shop/orders',
      serviceRepoUrl: 'https://github.com/shop/orders.git',
      gitopsRepoUrl: 'https://github.com/shop/gitops.git',
      gitopsPath: 'apps/orders',
    });
    for (const file of other) {
      expect(file.content).not.toContain('ledger');
      expect(file.content).not.toContain('git.example.org/finance');
      expect(file.path).not.toContain('ledger');
    }
    expect(
      content(other, 'internal/config/config.go').match(/= 8081\b/g),
    ).toHaveLength(1);
  });

  it('implements the contract: env, paths, metrics and drain', () => {
    const { env, paths, metrics, drain } = SERVICE_CONTRACT;
    const config = content(files, 'internal/config/config.go');
    expect(config).toContain(`EnvPort              = "${env.port}"`);
    expect(config).toContain(`EnvShutdownTimeout   = "${env.shutdownTimeout}"`);
    expect(config).toContain(`EnvLogLevel          = "${env.logLevel}"`);
    expect(config).toContain(
      `DefaultShutdownTimeout = ${drain.shutdownTimeoutSeconds} * time.Second`,
    );
    const server = content(files, 'internal/server/server.go');
    expect(server).toContain(`LivenessPath  = "${paths.liveness}"`);
    expect(server).toContain(`ReadinessPath = "${paths.readiness}"`);
    expect(server).toContain(`MetricsPath   = "${paths.metrics}"`);
    const metricsGo = content(files, 'internal/metrics/metrics.go');
    expect(metricsGo).toContain(
      `RequestDurationName = "${metrics.requestDuration}"`,
    );
    expect(metricsGo).toContain(`BuildInfoName       = "${metrics.buildInfo}"`);
    expect(metricsGo).toContain(
      `[]string{"${metrics.labels.route}", "${metrics.labels.method}", "${metrics.labels.code}"}`,
    );
    expect(metricsGo).toContain(
      `[]string{"${metrics.labels.version}", "${metrics.labels.commit}"}`,
    );
  });

  it('links version, commit and build time with -X in make and docker builds', () => {
    const { ldflags, dockerBuildArgs } = SERVICE_CONTRACT;
    expect(content(files, 'cmd/ledger-api/main.go')).toMatch(
      new RegExp(
        `^package ${ldflags.package}\n[\\s\\S]*\n\t${ldflags.version} += "dev"\n\t${ldflags.commit} += "unknown"\n\t${ldflags.buildTime} += "unknown"\n`,
        'm',
      ),
    );
    expect(content(files, 'Makefile')).toContain(
      'LDFLAGS    := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.buildTime=$(BUILD_TIME)\n',
    );
    const dockerfile = content(files, 'Dockerfile');
    expect(dockerfile).toContain(
      '-ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT} -X main.buildTime=${BUILD_TIME}"',
    );
    for (const arg of Object.values(dockerBuildArgs)) {
      // Declared in the build stage and again in the runtime stage for the labels.
      expect(dockerfile.match(new RegExp(`^ARG ${arg}=`, 'gm'))).toHaveLength(
        2,
      );
    }
  });

  it('builds a multi-arch, distroless, non-root image with OCI labels', () => {
    const dockerfile = content(files, 'Dockerfile');
    expect(dockerfile).toContain(
      'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build\n',
    );
    expect(dockerfile).toContain(
      'RUN CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} \\\n    go build -trimpath ',
    );
    expect(dockerfile).toContain(
      'FROM gcr.io/distroless/static-debian12:nonroot\n',
    );
    expect(dockerfile).toContain(
      `USER ${SERVICE_CONTRACT.runAsUser}:${SERVICE_CONTRACT.runAsUser}\n`,
    );
    const labels = Object.fromEntries(
      [
        ...dockerfile.matchAll(
          /org\.opencontainers\.image\.(\w+)=("(?:[^"\\]|\\.)*")/g,
        ),
      ].map(([, key, value]) => [key, value]),
    );
    expect(labels).toEqual({
      title: '"ledger-api"',
      description: '"Ledger of \\"all\\" payments, priced in \\$"',
      source: '"https://git.example.org/finance/ledger-api.git"',
      version: '"${VERSION}"',
      revision: '"${COMMIT}"',
      created: '"${BUILD_TIME}"',
    });
    expect(content(files, '.dockerignore')).toMatch(/^\.git$/m);
  });

  it('gives the Makefile every target CI calls and the spec threshold as default', () => {
    const makefile = content(files, 'Makefile');
    for (const target of [
      ...Object.values(SERVICE_CONTRACT.makeTargets),
      'fmt',
      'fmt-check',
      'tidy-check',
    ]) {
      expect(makefile).toMatch(new RegExp(`^${target}: ## `, 'm'));
    }
    expect(makefile).toContain('COVERAGE_THRESHOLD ?= 85\n');
    expect(makefile).toContain(
      '\tgo test -race -covermode=atomic -coverprofile=$(COVERAGE_PROFILE) ./...\n',
    );
    expect(makefile).toContain('COVERAGE_PROFILE   := coverage.out\n');
    expect(makefile).toContain('\t$(GOLANGCI_LINT) run ./...\n');
    expect(makefile).toContain('\t$(GOVULNCHECK) ./...\n');
    expect(makefile).toContain(
      '\tCGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)"',
    );
    // make requires tabs before recipe lines.
    expect(makefile).not.toMatch(/^ +(go|@|\$\(|CGO_ENABLED|rm) /m);
  });

  it('runs gofmt, go vet and golangci-lint before each commit with local hooks', () => {
    const config = parseYaml(content(files, '.pre-commit-config.yaml'));
    // Local hooks only: pre-commit fetches nothing, the Makefile's tools run.
    expect(config.repos.map((repo: any) => repo.repo)).toEqual(['local']);
    const hooks: any[] = config.repos[0].hooks;
    expect(hooks.every(hook => hook.language === 'system')).toBe(true);
    const commitHooks = hooks.filter(hook => !hook.stages);
    expect(commitHooks.map(hook => [hook.id, hook.entry])).toEqual([
      ['gofmt', 'make fmt-check'],
      ['go-vet', 'make vet'],
      ['golangci-lint', `make ${SERVICE_CONTRACT.makeTargets.lint}`],
      ['go-mod-tidy', 'make tidy-check'],
    ]);
    expect(
      hooks.filter(hook => hook.stages).map(hook => [hook.id, hook.stages]),
    ).toEqual([['go-test', ['pre-push']]]);
    // Every make target a hook calls exists.
    const makefile = content(files, 'Makefile');
    for (const hook of hooks) {
      for (const [, target] of hook.entry.matchAll(/make ([a-z-]+)/g)) {
        expect(makefile).toMatch(new RegExp(`^${target}: ## `, 'm'));
      }
    }
    expect(makefile).toContain(
      'vet: ## Report suspicious constructs (go vet).\n\tgo vet ./...\n',
    );
    const readme = content(files, 'README.md');
    expect(readme).toContain('### Git hooks');
    expect(readme).toContain(
      'pre-commit install --hook-type pre-commit --hook-type pre-push',
    );
    expect(readme).toContain(
      'Before each commit: `make fmt-check` (gofmt), `make vet` (go vet), `make lint` (golangci-lint)',
    );
  });

  it('configures golangci-lint in the v2 format with the required linters', () => {
    const config = parseYaml(content(files, '.golangci.yml'));
    expect(config.version).toBe('2');
    expect(config.linters.default).toBe('standard');
    expect(config.linters.enable).toEqual(
      expect.arrayContaining(['bodyclose', 'gosec']),
    );
    // `standard` is errcheck, govet, ineffassign, staticcheck and unused; none is disabled.
    expect(config.linters.disable).toBeUndefined();
    expect(config.formatters.enable).toEqual(
      expect.arrayContaining(['gofmt', 'gofumpt']),
    );
  });

  it('documents endpoints, configuration, metrics, targets and delivery', () => {
    const readme = content(files, 'README.md');
    for (const expected of [
      '# ledger-api\n\nLedger of "all" payments, priced in $\n',
      '`GET /healthz`',
      '`GET /readyz`',
      '`GET /metrics`',
      '| `PORT` | `9090` |',
      '| `SHUTDOWN_TIMEOUT` | `20s` |',
      '`http_server_request_duration_seconds`',
      '`build_info`',
      '`make coverage-check`',
      '**CI (Tekton)**',
      '`prod` is synced by hand',
      'Argo Rollouts canary',
    ]) {
      expect(readme).toContain(expected);
    }
    const plain = fileMap(
      generateGoService({
        ...spec,
        ci: 'github-actions',
        canary: false,
        environments: ['staging'],
      }),
    ).get('README.md');
    expect(plain).toContain('**CI (GitHub Actions)**');
    expect(plain).toContain('Kubernetes Deployment with a rolling update');
    expect(plain).not.toContain('synced by hand');
  });

  it.each([
    [{ name: 'Ledger_API' }, 'name "Ledger_API"'],
    [{ name: 'x'.repeat(64) }, 'must be an RFC 1123 label'],
    [{ modulePath: 'github.com/acme/ledger api' }, 'modulePath'],
    [{ modulePath: 'github.com//ledger' }, 'modulePath'],
    [{ modulePath: 'Github.com/acme/ledger' }, 'modulePath'],
    [{ modulePath: 'github.com/acme/ledger"\nimport "os' }, 'modulePath'],
    [{ goVersion: '1.23' }, 'goVersion "1.23"'],
    [{ goVersion: 'go1.25' }, 'goVersion'],
    [{ port: 0 }, 'port 0'],
    [{ port: 8080.5 }, 'port 8080.5'],
    [{ port: 70000 }, 'port 70000'],
    [{ coverageThreshold: 101 }, 'coverageThreshold 101'],
    [{ coverageThreshold: Number.NaN }, 'coverageThreshold NaN'],
  ] as Array<[Partial<GoServiceSpec>, string]>)(
    'refuses %j',
    (override, message) => {
      const call = () => generateGoService({ ...spec, ...override });
      expect(call).toThrow(InputError);
      expect(call).toThrow(message);
    },
  );

  it('accepts module paths without a dot and patch Go versions', () => {
    const generated = generateGoService({
      ...spec,
      modulePath: 'ledger/v2',
      goVersion: '1.24.3',
    });
    expect(content(generated, 'go.mod')).toMatch(
      /^module ledger\/v2\n\ngo 1\.24\.3\n/,
    );
  });
});
