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

/**
 * govulncheck as the Tekton task runs it: the same check, and its findings written to
 * `$RESULT_SCAN_OUTPUT` in the shape the community Tekton plugin reads from `*_SCAN_OUTPUT`
 * results. govulncheck rates no severities, so every vulnerability the code calls is counted as
 * `unknown` (and in `total`); the four severities stay 0. It still fails on a finding (exit 3).
 */
export const GO_VULNCHECK_RESULT_SCRIPT = `#!/bin/sh
set -eu
report=$(mktemp)
status=0
go run golang.org/x/vuln/cmd/govulncheck@${CI_TOOLS.govulncheck} ./... >"$report" || status=$?
cat "$report"
case "$status" in
  0) found=0 ;;
  3)
    # One "Vulnerability #n" heading per vulnerability the code calls.
    found=$(grep -c '^Vulnerability #' "$report" || true)
    if [ "$found" -eq 0 ]; then found=1; fi
    ;;
  *) exit "$status" ;;
esac
printf '{"vulnerabilities":{"critical":0,"high":0,"medium":0,"low":0,"unknown":%d,"total":%d},"scanner":"govulncheck"}' \\
  "$found" "$found" >"$RESULT_SCAN_OUTPUT"
exit "$status"
`;
