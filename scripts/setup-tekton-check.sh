#!/usr/bin/env bash
# Builds tools/tekton-check (Tekton Pipelines' own validation and substitution, at the release its
# go.mod pins) through the Go module proxy into .tools/, once per version of its source, and links
# it as .tools/bin/tekton-check, where the generator tests look for it.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOURCE="$REPO_ROOT/tools/tekton-check"
HASH="$(cat "$SOURCE/go.mod" "$SOURCE/go.sum" "$SOURCE"/*.go | sha256sum | cut -c1-12)"
OUT="$REPO_ROOT/.tools/tekton-check-$HASH"
mkdir -p "$REPO_ROOT/.tools/bin"
if [ ! -x "$OUT/tekton-check" ]; then
  echo "» building tekton-check (Tekton Pipelines $(grep -oE 'tektoncd/pipeline v[0-9.]+' "$SOURCE/go.mod" | cut -d' ' -f2); a few minutes, once)"
  mkdir -p "$OUT"
  cd "$SOURCE"
  GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -trimpath -ldflags="-s -w" -o "$OUT/tekton-check.tmp" .
  mv "$OUT/tekton-check.tmp" "$OUT/tekton-check"
fi
ln -sfn "../tekton-check-$HASH/tekton-check" "$REPO_ROOT/.tools/bin/tekton-check"
