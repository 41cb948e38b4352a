#!/usr/bin/env bash
# Builds the real Kubernetes API server the tests and the sandbox run (kube-apiserver of
# k8s.io/kubernetes, pinned in tools/kube-apiserver/go.mod with every k8s.io module at one release)
# through the Go module proxy into .tools/kube-apiserver-<version>/, once per version.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=v1.37.2
OUT="$REPO_ROOT/.tools/kube-apiserver-$VERSION"
[ -x "$OUT/kube-apiserver" ] && exit 0
echo "» building kube-apiserver $VERSION (a few minutes, once)"
mkdir -p "$OUT"
cd "$REPO_ROOT/tools/kube-apiserver"
GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -trimpath \
  -ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$VERSION -X k8s.io/client-go/pkg/version.gitVersion=$VERSION" \
  -o "$OUT/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver
mv "$OUT/kube-apiserver.tmp" "$OUT/kube-apiserver"
