import { SERVICE_CONTRACT } from '../../contract';
import { CI_TOOLS } from '../tools';

/** Commit-stage module and format checks: tidy modules, verified downloads, gofmt-clean code. */
export const GO_MODULE_CHECKS_SCRIPT = `#!/bin/sh
set -eu
go mod tidy -diff
go mod verify
unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
  echo "not formatted with gofmt:" >&2
  echo "$unformatted" >&2
  exit 1
fi
`;

/** golangci-lint with the repository's `.golangci.yml`. */
export const GO_LINT_SCRIPT = `#!/bin/sh
set -eu
golangci-lint run --timeout=10m ./...
`;

/** The unit tests with the race detector, writing the coverage profile the contract names. */
export const GO_TEST_SCRIPT = `#!/bin/sh
set -eu
go test -race -covermode=atomic -coverprofile=${SERVICE_CONTRACT.coverageProfile} ./...
`;

/** Known vulnerabilities in code the service actually reaches. */
export const GO_VULNCHECK_SCRIPT = `#!/bin/sh
set -eu
go run golang.org/x/vuln/cmd/govulncheck@${CI_TOOLS.govulncheck} ./...
`;
