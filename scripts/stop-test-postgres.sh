#!/usr/bin/env bash
# Stops the PostgreSQL started by start-test-postgres.sh and removes its data directory.
set -euo pipefail
source "$1"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
OWNER="$(stat -c %U "$DELIVERY_TEST_PG_DATA")"
su "$OWNER" -s /bin/sh -c "$BIN/pg_ctl -D $DELIVERY_TEST_PG_DATA -m fast stop" >/dev/null || true
rm -rf "$DELIVERY_TEST_PG_DATA"
