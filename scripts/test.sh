#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs, type-checks, lints, checks the
# formatting, runs every unit and integration test (jest, including the Go toolchain, Prometheus and PostgreSQL tests), then the
# browser tests against a running portal. Ends with one line: "N passed, N failed".
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
set +e

RESULTS="$REPO_ROOT/.test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
failed_steps=()

step() {
  local name="$1"
  shift
  echo "» $name"
  local started=$SECONDS
  if "$@"; then
    echo "  $name: ok ($((SECONDS - started)) s)"
  else
    echo "  $name: FAILED ($((SECONDS - started)) s)"
    failed_steps+=("$name")
  fi
}

step "system packages" scripts/setup-system.sh
# The API server build takes minutes on a fresh machine: it runs beside the steps up to the tests.
scripts/setup-kube-apiserver.sh >"$RESULTS/kube-apiserver-build.log" 2>&1 &
KUBE_APISERVER_BUILD=$!
step "go tools" scripts/setup-go-tools.sh
step "yarn install" scripts/install.sh
step "postgres for the store tests" scripts/start-test-postgres.sh "$RESULTS/postgres.env"
[ -f "$RESULTS/postgres.env" ] && source "$RESULTS/postgres.env"
step "redis for the replica tests" scripts/start-test-redis.sh "$RESULTS/redis.env"
[ -f "$RESULTS/redis.env" ] && source "$RESULTS/redis.env"

step "type check" yarn tsc
step "lint" yarn backstage-cli repo lint
step "format check" yarn prettier --check .
wait_for_kube_apiserver() {
  wait "$KUBE_APISERVER_BUILD"
  local built=$?
  cat "$RESULTS/kube-apiserver-build.log"
  return $built
}
step "kube-apiserver" wait_for_kube_apiserver
step "unit and integration tests" env CI=true yarn backstage-cli repo test \
  --json --outputFile="$RESULTS/unit.json"
step "browser tests" env CI=true yarn workspace @go-delivery/e2e test:e2e \
  --json --outputFile="$RESULTS/e2e.json"

scripts/stop-test-postgres.sh "$RESULTS/postgres.env" >/dev/null 2>&1 || true
scripts/stop-test-redis.sh "$RESULTS/redis.env" >/dev/null 2>&1 || true
node scripts/summarize-results.js "$RESULTS" "${failed_steps[@]}"
