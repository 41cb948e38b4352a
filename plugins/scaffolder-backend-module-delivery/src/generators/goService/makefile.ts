import { SERVICE_CONTRACT } from '../contract';
import type { GeneratedFile } from '../types';
import { mainPackageDir, type ServiceValues } from './serviceValues';

/** The variables `make build` links into the binary with `-X`, named as the contract names them. */
function linkerFlags(): string {
  const { ldflags } = SERVICE_CONTRACT;
  const set = (variable: string, make: string) =>
    `-X ${ldflags.package}.${variable}=$(${make})`;
  return [
    '-s -w',
    set(ldflags.version, 'VERSION'),
    set(ldflags.commit, 'COMMIT'),
    set(ldflags.buildTime, 'BUILD_TIME'),
  ].join(' ');
}

/**
 * The Makefile: the targets CI calls (named by the contract) and the ones developers use
 * locally. Recipes are tab-indented, as make requires.
 */
export function makefileFiles(values: ServiceValues): GeneratedFile[] {
  const { makeTargets: t, coverageProfile } = SERVICE_CONTRACT;
  const content = `# Targets CI calls: ${t.lint}, ${t.test}, ${
    t.coverageGate
  }, ${t.vuln}, ${t.build}.

BINARY             := ${values.name}
MAIN               := ./${mainPackageDir(values)}
BIN_DIR            := bin
COVERAGE_PROFILE   := ${coverageProfile}
# Minimum total statement coverage in percent, e.g. make ${
    t.coverageGate
  } COVERAGE_THRESHOLD=90.
COVERAGE_THRESHOLD ?= ${values.coverageThreshold}

VERSION    ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT     ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
BUILD_TIME ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS    := ${linkerFlags()}

GOLANGCI_LINT ?= golangci-lint
GOVULNCHECK   ?= govulncheck

.DEFAULT_GOAL := help
.PHONY: help fmt fmt-check vet tidy-check ${t.lint} ${t.test} ${
    t.coverageGate
  } ${t.vuln} ${t.build} clean

help: ## List the targets.
\t@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  %-16s %s\\n", $$1, $$2 }' $(MAKEFILE_LIST)

fmt: ## Format the code with the formatters of .golangci.yml (gofmt, gofumpt, goimports).
\t$(GOLANGCI_LINT) fmt

fmt-check: ## Fail when a file is not gofmt-formatted.
\t@unformatted=$$(gofmt -l .); \\
\tif [ -n "$$unformatted" ]; then echo "not gofmt-formatted:"; echo "$$unformatted"; exit 1; fi

vet: ## Report suspicious constructs (go vet).
\tgo vet ./...

tidy-check: ## Fail when go mod tidy would change go.mod or go.sum; verify the downloaded modules.
\tgo mod tidy -diff
\tgo mod verify

${t.lint}: ## Run golangci-lint with .golangci.yml (linters and formatters).
\t$(GOLANGCI_LINT) run ./...

${
  t.test
}: ## Run the unit tests with the race detector and write the coverage profile.
\tgo test -race -covermode=atomic -coverprofile=$(COVERAGE_PROFILE) ./...

${
  t.coverageGate
}: ## Fail when the total coverage in the profile is below COVERAGE_THRESHOLD.
\t@test -f $(COVERAGE_PROFILE) || { echo "$(COVERAGE_PROFILE) not found: run make ${
    t.test
  } first" >&2; exit 1; }
\t@total=$$(go tool cover -func=$(COVERAGE_PROFILE) | awk '/^total:/ { sub(/%$$/, "", $$NF); print $$NF }'); \\
\tif awk -v total="$$total" -v min="$(COVERAGE_THRESHOLD)" 'BEGIN { exit !(total + 0 >= min + 0) }'; then \\
\t\techo "coverage $$total% meets the threshold of $(COVERAGE_THRESHOLD)%"; \\
\telse \\
\t\techo "coverage $$total% is below the threshold of $(COVERAGE_THRESHOLD)%" >&2; exit 1; \\
\tfi

${
  t.vuln
}: ## Report known vulnerabilities in code the service reaches (govulncheck).
\t$(GOVULNCHECK) ./...

${
  t.build
}: ## Build a static, stripped binary with the version, commit and build time linked in.
\tCGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN_DIR)/$(BINARY) $(MAIN)

clean: ## Remove build and test output.
\trm -rf $(BIN_DIR) $(COVERAGE_PROFILE)
`;
  return [{ path: 'Makefile', content }];
}
