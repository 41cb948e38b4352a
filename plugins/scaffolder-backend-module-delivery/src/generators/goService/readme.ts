import { SERVICE_CONTRACT } from '../contract';
import type { CiProvider, GeneratedFile, GoServiceSpec } from '../types';
import { SERVICE_ENV } from './serviceEnv';
import { mainPackageDir, type ServiceValues } from './serviceValues';

const CI_NAMES: Record<CiProvider, string> = {
  tekton: 'Tekton',
  'github-actions': 'GitHub Actions',
  'gitlab-ci': 'GitLab CI',
};

function syncNote(environments: GoServiceSpec['environments']): string {
  const notes: string[] = [];
  if (environments.includes('dev')) {
    notes.push('`dev` syncs automatically.');
  }
  if (environments.includes('prod')) {
    notes.push(
      '`prod` is synced by hand, so a rollback from the portal to an earlier revision is not undone by an automated sync.',
    );
  }
  return notes.map(note => `\n   ${note}`).join('');
}

function deliverySection(values: ServiceValues): string {
  const { spec } = values;
  const { makeTargets: t, metrics, drain } = SERVICE_CONTRACT;
  const environments = spec.environments.map(env => `\`${env}\``).join(', ');
  const rollout = spec.canary
    ? `each environment runs an Argo Rollouts canary: traffic moves to the new version in
   steps while an analysis queries Prometheus for its error rate and p95 latency (from
   \`${metrics.requestDuration}\`) and aborts the rollout when they regress.`
    : 'each environment runs a Kubernetes Deployment with a rolling update.';
  return `## Delivery

1. **CI (${CI_NAMES[spec.ci]})** on every push: \`make ${t.lint}\`, \`make ${
    t.test
  }\`,
   \`make ${t.coverageGate}\` (at least ${
    values.coverageThreshold
  } % statement coverage; the
   \`${
     SERVICE_CONTRACT.coverageProfile
   }\` report is uploaded to the developer portal), \`make ${t.vuln}\`,
   then a multi-arch image (linux/amd64, linux/arm64) is built from the \`Dockerfile\`, pushed to
   \`${spec.imageRepository}\`, signed and given an SBOM.
2. **GitOps**: CI writes the new image tag to \`${spec.gitopsPath}\` in
   ${spec.gitopsRepoUrl}. Argo CD (\`${spec.argocd.instance}\`, project \`${
    spec.argocd.project
  }\`)
   deploys it to ${environments}, each into the namespace \`${
    spec.name
  }-<env>\`.${syncNote(spec.environments)}
3. **Rollout**: ${rollout}
4. **Shutdown**: Kubernetes removes the pod from the Service endpoints during a
   ${
     drain.preStopSleepSeconds
   } s \`preStop\` sleep, then sends SIGTERM; the service drains in-flight
   requests for at most \`${SERVICE_CONTRACT.env.shutdownTimeout}\` (${
    drain.shutdownTimeoutSeconds
  } s)
   within a termination grace period of ${
     drain.terminationGracePeriodSeconds
   } s.

The \`${
    metrics.buildInfo
  }\` gauge carries the version and commit of every running pod, so a change
in error rate or latency can be traced to the deployment that caused it.
`;
}

/** The service's README: endpoints, configuration, metrics, make targets and delivery. */
export function readmeFiles(values: ServiceValues): GeneratedFile[] {
  const {
    paths,
    env,
    metrics,
    makeTargets: t,
    ldflags,
    dockerBuildArgs,
  } = SERVICE_CONTRACT;
  const { labels } = metrics;
  const content = `# ${values.name}

${values.description}

A Go service on \`net/http\` with health checks, Prometheus metrics, structured logging
(\`log/slog\`, JSON) and a graceful shutdown. All endpoints are served on one port.

## Endpoints

| Path | Purpose |
| --- | --- |
| \`GET /api/v1/greetings/{name}\` | Example API route; replace it with your own in \`internal/api\`. |
| \`GET ${
    paths.liveness
  }\` | Liveness: 200 while the process serves HTTP. Never checks dependencies. |
| \`GET ${
    paths.readiness
  }\` | Readiness: 200 when every dependency check passes, 503 otherwise and once shutdown has begun. |
| \`GET ${paths.metrics}\` | Prometheus metrics. |

## Configuration

| Variable | Default | Meaning |
| --- | --- | --- |
| \`${env.port}\` | \`${
    values.port
  }\` | TCP port of the API, the health checks and the metrics. |
| \`${env.shutdownTimeout}\` | \`${
    SERVICE_CONTRACT.drain.shutdownTimeoutSeconds
  }s\` | Longest time in-flight requests may take to finish after SIGTERM (Go duration). |
| \`${env.logLevel}\` | \`info\` | \`debug\`, \`info\`, \`warn\` or \`error\`. |
| \`${
    SERVICE_ENV.readinessTcpAddrs
  }\` | (none) | Comma-separated \`host:port\` dependencies \`${
    paths.readiness
  }\` dials, e.g. \`postgres:5432,redis:6379\`. |
| \`${SERVICE_ENV.drainDelay}\` | \`0s\` | Time to keep serving with \`${
    paths.readiness
  }\` failing after SIGTERM, before the listener closes. Kubernetes' \`preStop\` hook does this job; set it where there is none. |

Invalid values stop the service at start-up with a message naming every bad variable.
Other dependency checks are \`health.Check\` values; add them where
\`${mainPackageDir(values)}/main.go\` builds the readiness checks.

## Metrics

| Metric | Type | Labels |
| --- | --- | --- |
| \`${metrics.requestDuration}\` | histogram | \`${
    labels.route
  }\` (the matched route pattern, e.g. \`/api/v1/greetings/{name}\`; \`unmatched\` for 404/405), \`${
    labels.method
  }\`, \`${labels.code}\` |
| \`${metrics.buildInfo}\` | gauge, always 1 | \`${labels.version}\`, \`${
    labels.commit
  }\` |
| \`go_*\`, \`process_*\` | | Go runtime and process collectors |

The route label is the \`http.ServeMux\` pattern, never the raw path, so its cardinality stays
bounded. The health and metrics endpoints are not observed by the histogram, so probes and
scrapes do not dilute the API's latency and error rate.

## Development

Requires Go ${
    values.goVersion
  } or later, [golangci-lint v2](https://golangci-lint.run) and
[govulncheck](https://pkg.go.dev/golang.org/x/vuln/cmd/govulncheck).

| Target | What it does |
| --- | --- |
| \`make ${
    t.lint
  }\` | \`golangci-lint run\` with \`.golangci.yml\` (linters and the gofmt/gofumpt/goimports formatters). |
| \`make fmt\` | Formats the code with the configured formatters. |
| \`make fmt-check\` | Fails when \`gofmt -l\` lists a file. |
| \`make vet\` | \`go vet ./...\` |
| \`make tidy-check\` | Fails when \`go mod tidy\` would change \`go.mod\`/\`go.sum\`; runs \`go mod verify\`. |
| \`make ${t.test}\` | \`go test -race -covermode=atomic -coverprofile=${
    SERVICE_CONTRACT.coverageProfile
  } ./...\` |
| \`make ${
    t.coverageGate
  }\` | Fails when total coverage is below \`COVERAGE_THRESHOLD\` (default ${
    values.coverageThreshold
  }). |
| \`make ${t.vuln}\` | \`govulncheck ./...\` |
| \`make ${
    t.build
  }\` | Static, stripped binary in \`bin/\` with the version, commit and build time linked in. |

### Git hooks

\`.pre-commit-config.yaml\` runs the checks before a commit leaves your machine, with local hooks
(the tools above, no network):

\`\`\`sh
pre-commit install --hook-type pre-commit --hook-type pre-push
\`\`\`

Before each commit: \`make fmt-check\` (gofmt), \`make vet\` (go vet), \`make ${
    t.lint
  }\` (golangci-lint) and
\`make tidy-check\`; before each push: \`make ${t.test}\` and \`make ${
    t.coverageGate
  }\`. \`pre-commit run --all-files\` runs
the commit hooks on demand; \`git commit --no-verify\` skips them (CI runs the same checks).

### Run it locally

\`\`\`sh
make ${t.build}
${env.port}=${values.port} ${env.logLevel}=debug ./bin/${values.name}
curl localhost:${values.port}${paths.readiness}
\`\`\`

\`make ${t.build}\` sets \`${ldflags.package}.${ldflags.version}\`, \`${
    ldflags.package
  }.${ldflags.commit}\` and
\`${ldflags.package}.${
    ldflags.buildTime
  }\` with \`-ldflags -X\` from \`VERSION\`, \`COMMIT\` and \`BUILD_TIME\`
(by default from git). The \`Dockerfile\` takes the same values as the build arguments
\`${dockerBuildArgs.version}\`, \`${dockerBuildArgs.commit}\` and \`${
    dockerBuildArgs.buildTime
  }\` and also
writes them to the OCI labels of the image, which runs as the distroless \`nonroot\` user.

${deliverySection(values)}`;
  return [{ path: 'README.md', content }];
}
