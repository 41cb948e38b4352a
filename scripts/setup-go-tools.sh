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

# Lint and build the generated Go service, its Kustomize overlays or Helm chart and its GitHub Actions workflow.
install_tool golangci-lint github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
install_tool kustomize sigs.k8s.io/kustomize/kustomize/v5@v5.8.1
install_tool helm helm.sh/helm/v4/cmd/helm@v4.3.2
install_tool actionlint github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

# Tekton Pipelines' own validation of the generated pipeline (built from tools/tekton-check).
"$(dirname "${BASH_SOURCE[0]}")/setup-tekton-check.sh"
