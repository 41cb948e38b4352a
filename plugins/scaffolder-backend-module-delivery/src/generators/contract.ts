import { GO_SERVICE_METRICS } from '@go-delivery/plugin-delivery-common';

/**
 * What the generated Go service promises and what its CI and manifests rely on. The Go generator
 * implements it; the CI and GitOps generators only refer to it, so the two can never disagree on a
 * path, a variable or a build argument.
 */
export const SERVICE_CONTRACT = {
  paths: {
    liveness: '/healthz',
    readiness: '/readyz',
    metrics: '/metrics',
  },
  /** Environment variables the service reads. */
  env: {
    port: 'PORT',
    /** Go duration string, e.g. `20s`: the bounded drain after SIGTERM. */
    shutdownTimeout: 'SHUTDOWN_TIMEOUT',
    logLevel: 'LOG_LEVEL',
  },
  /** Variables set with `-ldflags -X main.<name>=…`. */
  ldflags: {
    package: 'main',
    version: 'version',
    commit: 'commit',
    buildTime: 'buildTime',
  },
  /** Build arguments of the Dockerfile, passed through to the ldflags. */
  dockerBuildArgs: {
    version: 'VERSION',
    commit: 'COMMIT',
    buildTime: 'BUILD_TIME',
  },
  /** Makefile targets CI may call. */
  makeTargets: {
    lint: 'lint',
    test: 'test',
    coverageGate: 'coverage-check',
    vuln: 'vuln',
    build: 'build',
  },
  /** Written by `make test`; read by the coverage gate and uploaded to the portal. */
  coverageProfile: 'coverage.out',
  /** Name of the container port. */
  portName: 'http',
  /** distroless `nonroot` user and group. */
  runAsUser: 65532,
  drain: {
    /** SHUTDOWN_TIMEOUT default. */
    shutdownTimeoutSeconds: 20,
    /** `preStop` sleep so endpoints are removed before the server stops accepting. */
    preStopSleepSeconds: 5,
    /** > preStop + shutdown timeout. */
    terminationGracePeriodSeconds: 30,
  },
  metrics: GO_SERVICE_METRICS,
  /** Coverage upload endpoint of the Delivery backend (relative to the Backstage base URL). */
  coverageUpload: {
    path: '/api/delivery/coverage',
    /** Query parameters: `entity` (entity ref), `commit`, `branch`, `format` (go|cobertura|lcov). */
    format: 'go',
  },
} as const;
