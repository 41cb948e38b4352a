/**
 * Every tool version and image the generated CI uses, pinned here and only here, so both CI
 * variants run the same tools and an upgrade is one edit.
 */
export const CI_TOOLS = {
  golangciLint: 'v2.15.0',
  govulncheck: 'v1.9.0',
  cosign: 'v3.1.3',
  syft: 'v1.57.0',
  buildkit: 'v0.34.2',
  kustomize: 'v5.8.1',
} as const;

export const CI_IMAGES = {
  /** Debian-based: git, curl and gcc (for -race) included. */
  go: (goVersion: string) => `docker.io/library/golang:${goVersion}`,
  golangciLint: `docker.io/golangci/golangci-lint:${CI_TOOLS.golangciLint}`,
  /** Rootless BuildKit: builds and pushes without a privileged container. */
  buildkit: `docker.io/moby/buildkit:${CI_TOOLS.buildkit}-rootless`,
  /** Distroless: no shell, so its steps pass arguments, not scripts. */
  cosign: `gcr.io/projectsigstore/cosign:${CI_TOOLS.cosign}`,
  syft: `docker.io/anchore/syft:${CI_TOOLS.syft}`,
  /** Alpine with git and kustomize. */
  kustomize: `registry.k8s.io/kustomize/kustomize:${CI_TOOLS.kustomize}`,
} as const;

/** GitHub Actions, pinned to their major version. */
export const GITHUB_ACTIONS = {
  checkout: 'actions/checkout@v6',
  setupGo: 'actions/setup-go@v6',
  golangciLint: 'golangci/golangci-lint-action@v9',
  setupQemu: 'docker/setup-qemu-action@v4',
  setupBuildx: 'docker/setup-buildx-action@v4',
  login: 'docker/login-action@v4',
  buildPush: 'docker/build-push-action@v7',
  cosignInstaller: 'sigstore/cosign-installer@v4',
  sbom: 'anchore/sbom-action@v0',
} as const;

/** The platforms every image is built for. */
export const IMAGE_PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;

/**
 * The signing tools as Go packages at the pinned versions, for CI images that have Go but not
 * the tool (`go install` checks each module against the Go checksum database).
 */
export const CI_GO_PACKAGES = {
  cosign: `github.com/sigstore/cosign/v3/cmd/cosign@${CI_TOOLS.cosign}`,
  syft: `github.com/anchore/syft/cmd/syft@${CI_TOOLS.syft}`,
} as const;
