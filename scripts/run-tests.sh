#!/bin/sh
# `make test`'s pytest, in two passes over the whole suite (tests/backend.py):
#   1. embedded: SQLite in each test's tmp_path and the in-process Redis (the default of `make run`);
#   2. scaled:   YIMEN_TEST_BACKEND=scaled, a PostgreSQL database cloned for each test and a real Redis.
# scripts/services.sh starts the servers on loopback (and the tests that need real ones use them in the
# first pass too); without their binaries the scaled pass is skipped, and this says so.
# YIMEN_TEST_PASSES=embedded|scaled runs one pass only; PYTEST_ARGS is handed to both.
# Afterwards only the servers this run started are stopped; ones already running are left running.
set -u
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PASSES=${YIMEN_TEST_PASSES:-embedded scaled}
eval "$(sh scripts/services.sh start)"
status=0
for pass in $PASSES; do
    case "$pass" in
        embedded) echo "run-tests: the embedded pass (SQLite + in-process Redis)" ;;
        scaled)
            if [ -z "${YIMEN_TEST_POSTGRES_URL:-}" ] || [ -z "${YIMEN_TEST_REDIS_URL:-}" ]; then
                echo "run-tests: the scaled pass is SKIPPED: PostgreSQL or Redis is not installed" \
                     "(Debian's postgresql and redis-server: sh scripts/services.sh install)"
                continue
            fi
            echo "run-tests: the scaled pass (PostgreSQL + Redis)" ;;
        *) echo "run-tests: YIMEN_TEST_PASSES: embedded and/or scaled, got $pass" >&2; status=2; continue ;;
    esac
    started=$(date +%s)
    # shellcheck disable=SC2086  # PYTEST_ARGS is a list of words
    YIMEN_TEST_BACKEND=$pass "$PY" -m pytest ${PYTEST_ARGS:-} || status=1
    echo "run-tests: the $pass pass took $(( $(date +%s) - started )) s"
done
sh scripts/services.sh stop-started
exit $status
