#!/usr/bin/env bash
# Debian packages the tests and the local portal use: Chromium for the browser tests, Prometheus for
# the golden-signal tests and the sandbox, PostgreSQL for the store tests, Redis for the replica
# tests, etcd for the Kubernetes API servers, shellcheck for the
# generated CI scripts, openssl for the TLS tests. Idempotent.
set -euo pipefail

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v prometheus >/dev/null 2>&1 || packages+=(prometheus)
command -v promtool >/dev/null 2>&1 || packages+=(prometheus)
[ -x /usr/lib/postgresql/*/bin/initdb ] 2>/dev/null || packages+=(postgresql)
command -v git >/dev/null 2>&1 || packages+=(git)
command -v shellcheck >/dev/null 2>&1 || packages+=(shellcheck)
command -v openssl >/dev/null 2>&1 || packages+=(openssl)
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
command -v curl >/dev/null 2>&1 || packages+=(curl)
[ -x /usr/bin/etcd ] || packages+=(etcd-server)

if [ ${#packages[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "» apt-get install ${packages[*]}"
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
  # Debian's prometheus package starts a system service; the sandbox and tests run their own
  # instances on loopback, so the packaged one is stopped and left alone.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
    "${packages[@]}" >/dev/null
  $SUDO systemctl stop prometheus >/dev/null 2>&1 || true
  $SUDO pkill -x prometheus >/dev/null 2>&1 || true
  # Likewise Redis and etcd: the tests and the sandbox start their own on ports of their own.
  $SUDO systemctl stop redis-server >/dev/null 2>&1 || true
  $SUDO systemctl stop etcd >/dev/null 2>&1 || true
  $SUDO pkill -x etcd >/dev/null 2>&1 || true
fi
