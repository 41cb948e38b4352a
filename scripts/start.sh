#!/usr/bin/env bash
# Runs the portal with the bundle on embedded defaults: SQLite in memory, and from
# app-config.sandbox.yaml guest sign-in, the demo catalog and the local sandbox upstreams.
# Frontend on http://localhost:3000, backend on :7007.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
scripts/setup-system.sh
scripts/install.sh

yarn workspace @go-delivery/sandbox start &
SANDBOX_PID=$!
trap 'kill $SANDBOX_PID 2>/dev/null || true' EXIT INT TERM

# Paths relative to packages/app and packages/backend, where the frontend and backend run.
yarn start --config ../../app-config.yaml --config ../../app-config.sandbox.yaml
