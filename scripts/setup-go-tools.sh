#!/usr/bin/env bash
# Go tools the tests run on generated code, installed through the Go module proxy into $(go env GOPATH)/bin.
set -euo pipefail
GOBIN="$(go env GOPATH)/bin"
export PATH="$GOBIN:$PATH"
export GOTOOLCHAIN=local

install_tool() {
  local binary="$1" module="$2"
  if ! command -v "$binary" >/dev/null 2>&1; then
    echo "» go install $module"
    go install "$module"
  fi
}

install_tool golangci-lint github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
