#!/usr/bin/env bash
# Stops the Redis started by start-test-redis.sh and removes its directory.
set -euo pipefail
source "$1"
kill "$(cat "$DELIVERY_TEST_REDIS_DIR/redis.pid")" 2>/dev/null || true
rm -rf "$DELIVERY_TEST_REDIS_DIR"
