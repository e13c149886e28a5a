#!/bin/sh
# Start the real PostgreSQL and Redis servers the tests use, on loopback, under var/services.
# Prints the environment the tests read; does nothing for a server whose binaries are missing.
#   scripts/services.sh install            Debian's postgresql, redis-server, wrk, fonts-wqy-zenhei and chromium,
#                                          when missing (root)
#   eval "$(scripts/services.sh start)"    scripts/services.sh stop
#   scripts/services.sh stop-started       only the servers `start` started (`make test` ends with it);
#                                          one that was already running is left running
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR="$ROOT/var/services"
PG_PORT=${YIMEN_PG_PORT:-55432}
REDIS_PORT=${YIMEN_REDIS_PORT:-56379}
PG_BIN=${YIMEN_PG_BIN-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}
STARTED="$DIR/started"  # one line per server `start` started: redis, postgres

as_postgres() {  # PostgreSQL refuses to run as root
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
    need=""
    command -v redis-server >/dev/null 2>&1 || need="$need redis-server"
    [ -n "$PG_BIN" ] || need="$need postgresql"
    command -v wrk >/dev/null 2>&1 || need="$need wrk"  # the load tool of bench record (and its test)
    # the CJK font the pre-check tests render their card-like documents with (tests/prechecks/)
    [ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need="$need fonts-wqy-zenhei"
    [ -x /usr/bin/chromium ] || need="$need chromium"  # the browser of the console's tests (tests/e2e/)
    [ -z "$need" ] && return 0
    if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
        echo "services.sh: please install$need (Debian packages)" >&2
        return 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2 || true
    apt-get install -y -q --no-install-recommends $need >&2
}

start_postgres() {
    PGDATA="$DIR/pg"
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
        mkdir -p "$PGDATA"
        [ "$(id -u)" = 0 ] && chown -R postgres "$PGDATA" && chmod 700 "$PGDATA"
        as_postgres "$PG_BIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1
    fi
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
        -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >&2
    echo postgres >>"$STARTED"
}

start() {
    mkdir -p "$DIR"
    if command -v redis-server >/dev/null 2>&1; then
        if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
            redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
                --daemonize yes --logfile "$DIR/redis.log" --pidfile "$DIR/redis.pid" >&2
            for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
            echo redis >>"$STARTED"
        fi
        echo "export YIMEN_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
    fi
    if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; then
        # A server already answering on the port (another checkout's) is used as it is.
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || start_postgres
        psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='yimen'" | grep -q 1 \
            || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE ROLE yimen LOGIN SUPERUSER PASSWORD 'yimen'" >&2
        psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='yimen'" | grep -q 1 \
            || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE yimen OWNER yimen" >&2
        echo "export YIMEN_TEST_POSTGRES_URL=postgres://yimen:yimen@127.0.0.1:$PG_PORT/yimen"
    fi
}

stop_redis() {
    [ -f "$DIR/redis.pid" ] && kill "$(cat "$DIR/redis.pid")" 2>/dev/null || return 0
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || break; sleep 0.1; done
}

stop_postgres() {
    [ -n "$PG_BIN" ] && [ -s "$DIR/pg/PG_VERSION" ] && as_postgres "$PG_BIN/pg_ctl" -D "$DIR/pg" -m fast stop >&2 || true
}

stop() {
    stop_redis
    stop_postgres
    rm -f "$STARTED"
}

stop_started() {
    [ -f "$STARTED" ] || return 0
    grep -qx redis "$STARTED" && stop_redis
    grep -qx postgres "$STARTED" && stop_postgres
    rm -f "$STARTED"
}

case "${1:-start}" in
    install) install ;;
    start) start ;;
    stop) stop ;;
    stop-started) stop_started ;;
    *) echo "usage: $0 install|start|stop|stop-started" >&2; exit 2 ;;
esac
