#!/usr/bin/env bash
# Runs the portal with the bundle on embedded defaults: SQLite in memory, and from
# app-config.sandbox.yaml guest sign-in, the demo catalog and the local sandbox upstreams.
# Frontend on http://localhost:3000, backend on :7007.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
scripts/setup-system.sh
scripts/setup-kube-apiserver.sh
scripts/install.sh

# The sandbox's Kubernetes API servers write their CA and the backend's token at start; the
# backend reads the CA at startup, so it starts once they are there.
KUBE_DIR=packages/sandbox/.local/kubernetes
rm -f "$KUBE_DIR"/*/token
yarn workspace @go-delivery/sandbox start &
SANDBOX_PID=$!
trap 'kill $SANDBOX_PID 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 180); do
  [ -f "$KUBE_DIR/ci/token" ] && [ -f "$KUBE_DIR/prod/token" ] && break
  kill -0 $SANDBOX_PID 2>/dev/null || { echo "the sandbox exited" >&2; exit 1; }
  sleep 1
done

# Paths relative to packages/app and packages/backend, where the frontend and backend run.
yarn start --config ../../app-config.yaml --config ../../app-config.sandbox.yaml
