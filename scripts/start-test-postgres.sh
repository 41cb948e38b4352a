#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's binaries) on a free loopback port for the store tests and
# writes the connection variable TestDatabases reads to the file given as $1.
set -euo pipefail
ENV_FILE="$1"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
DATA="$(mktemp -d /tmp/delivery-pg.XXXXXX)"
PORT="${DELIVERY_TEST_PG_PORT:-55432}"
OWNER=postgres
id -u "$OWNER" >/dev/null 2>&1 || OWNER="$(id -un)"
chown "$OWNER" "$DATA"
run() { if [ "$(id -un)" = "$OWNER" ]; then "$@"; else su "$OWNER" -s /bin/sh -c "$*"; fi; }
run "$BIN/initdb" -D "$DATA" -U postgres --auth=trust >/dev/null
run "$BIN/pg_ctl" -D "$DATA" -o "'-p $PORT -k $DATA -c listen_addresses=127.0.0.1'" -l "$DATA/log" -w start >/dev/null
MAJOR="$("$BIN/postgres" --version | awk '{print $3}' | cut -d. -f1)"
# TestDatabases reads BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING.
cat >"$ENV_FILE" <<ENV
export BACKSTAGE_TEST_DATABASE_POSTGRES${MAJOR}_CONNECTION_STRING=postgresql://postgres@127.0.0.1:$PORT
export DELIVERY_TEST_PG_DATA=$DATA
ENV
echo "  PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
