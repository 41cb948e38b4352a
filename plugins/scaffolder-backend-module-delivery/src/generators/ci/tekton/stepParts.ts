import { workspacePath } from './pipelineTask';

/** Workspaces of the Pipeline. */
export const WORKSPACES = {
  /** Per-run volume: the checkout under `src/`, Go caches under `cache/`. */
  source: 'source',
  /** Secret with `config.json` (Docker config) for pushing and reading the image. */
  dockerConfig: 'docker-config',
  /** Secret with `.git-credentials`, for a private service repository and the GitOps push. */
  gitCredentials: 'git-credentials',
} as const;

/** Where the service's repository is checked out. */
export const SOURCE_DIR = `${workspacePath(WORKSPACES.source)}/src`;

/**
 * Go's caches on the run's volume, outside the checkout (so gofmt, the linter and the image
 * build never see them), shared by the tasks of one run.
 */
export function goCacheEnv() {
  const cache = `${workspacePath(WORKSPACES.source)}/cache`;
  return [
    { name: 'GOMODCACHE', value: `${cache}/mod` },
    { name: 'GOCACHE', value: `${cache}/build` },
    { name: 'GOLANGCI_LINT_CACHE', value: `${cache}/golangci-lint` },
  ];
}

/** Requests and limits by kind of work; memory limits only, as for the service. */
export const STEP_RESOURCES = {
  light: {
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { memory: '512Mi' },
  },
  go: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '4Gi' } },
  build: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '6Gi' } },
} as const;

export function secretEnv(name: string, secret: { name: string; key: string }) {
  return {
    name,
    valueFrom: { secretKeyRef: { name: secret.name, key: secret.key } },
  };
}
