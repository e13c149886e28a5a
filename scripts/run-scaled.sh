#!/bin/sh
# `make run-scaled`: the scaled topology on one machine. PostgreSQL and Redis from Debian's packages on
# loopback (scripts/services.sh), the schema migrated (`main.py migrate`), WEB web processes
# (`serve --workers WEB`, one port, SO_REUSEPORT) and WORKERS job workers (`main.py worker`, the first
# with the scheduler). Ctrl-C stops them all, then the servers this script started.
#   WEB=4 WORKERS=2 scripts/run-scaled.sh      serves on 127.0.0.1:8080 (YIMEN_PORT to change it)
# Metrics of every process on this machine are added up in var/metrics (PROMETHEUS_MULTIPROC_DIR):
#   curl -s http://127.0.0.1:8080/metrics
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PY" ] || PY=python3
WEB=${WEB:-2}
WORKERS=${WORKERS:-2}
PIDS=""

services=$(scripts/services.sh start)
eval "$services"
if [ -z "${YIMEN_TEST_POSTGRES_URL:-}" ] || [ -z "${YIMEN_TEST_REDIS_URL:-}" ]; then
    echo "run-scaled: needs Debian's postgresql and redis-server (scripts/services.sh install, as root)" >&2
    scripts/services.sh stop-started
    exit 1
fi
# a database of its own beside the tests' one: postgres://yimen:yimen@127.0.0.1:PORT/yimen_scaled
PG_PORT=$(echo "$YIMEN_TEST_POSTGRES_URL" | sed 's|.*:\([0-9]*\)/.*|\1|')
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='yimen_scaled'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE yimen_scaled OWNER yimen" >&2
export DATABASE_URL="${YIMEN_TEST_POSTGRES_URL%/*}/yimen_scaled"
export REDIS_URL="$YIMEN_TEST_REDIS_URL"
export PROMETHEUS_MULTIPROC_DIR="$ROOT/var/metrics"
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
rm -f "$PROMETHEUS_MULTIPROC_DIR"/*.db  # the counts of a past run

stop() {
    trap - EXIT INT TERM
    for pid in $PIDS; do kill -TERM "$pid" 2>/dev/null || true; done  # graceful: each finishes what it has
    for pid in $PIDS; do wait "$pid" 2>/dev/null || true; done
    scripts/services.sh stop-started
    echo "run-scaled: stopped" >&2
}
trap stop EXIT INT TERM

"$PY" main.py migrate >&2
"$PY" main.py serve --workers "$WEB" &
PIDS="$PIDS $!"
n=1
while [ "$n" -le "$WORKERS" ]; do
    if [ "$n" = 1 ]; then "$PY" main.py worker --scheduler & else "$PY" main.py worker & fi
    PIDS="$PIDS $!"
    n=$((n + 1))
done
echo "run-scaled: $WEB web processes on ${YIMEN_HOST:-127.0.0.1}:${YIMEN_PORT:-8080}, $WORKERS workers;" \
    "PostgreSQL and Redis on loopback. Ctrl-C stops everything." >&2
wait
