#!/usr/bin/env bash
# Starts a throwaway Redis (Debian's redis-server) on a loopback port for the replica tests, the
# shared cache of two backend processes, and writes the variable the tests read to the file $1.
set -euo pipefail
ENV_FILE="$1"
PORT="${DELIVERY_TEST_REDIS_PORT:-56379}"
DIR="$(mktemp -d /tmp/delivery-redis.XXXXXX)"
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$DIR" --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/log"
for _ in $(seq 1 50); do
  redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
cat >"$ENV_FILE" <<ENV
export DELIVERY_TEST_REDIS_URL=redis://127.0.0.1:$PORT
export DELIVERY_TEST_REDIS_DIR=$DIR
ENV
echo "  Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$PORT"
