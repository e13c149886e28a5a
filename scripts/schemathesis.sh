#!/bin/sh
# Property-based test of the mini-program API against a live server: schemathesis generates
# requests from /api/v1/openapi.json and checks that no answer is a 5xx and every answer fits
# the document. The server (`python main.py serve`) runs on a free loopback port with a
# temporary SQLite database and in-process Redis; the WeChat platform is the test fake
# (tests/fakes/wechat_platform.py, run as a process), so login works and signed-in operations are exercised too.
#   scripts/schemathesis.sh                     default budget
#   ST_MAX_EXAMPLES=200 scripts/schemathesis.sh  more examples per operation
#   scripts/schemathesis.sh --seed 1            extra arguments go to `schemathesis run`
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PY" ] || PY=python3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/yimen-schemathesis.XXXXXX")
SERVER_PID=""
FAKE_PID=""

cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for() {  # URL: until it answers 200, at most 60 seconds
    "$PY" - "$1" <<'PYEOF'
import sys, time, urllib.request
for _ in range(600):
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=1) as r:
            if r.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.1)
sys.exit(f"schemathesis.sh: {sys.argv[1]} did not come up")
PYEOF
}

FAKE_PORT=$(free_port)
"$PY" -m tests.fakes.wechat_platform "$FAKE_PORT" schemathesis >"$WORK/fake.log" 2>&1 &
FAKE_PID=$!

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
env DATABASE_URL="sqlite://$WORK/yimen.sqlite3" REDIS_URL= \
    WECHAT_API_BASE="http://127.0.0.1:$FAKE_PORT/" WECHAT_APPID=wx0000000000000000 WECHAT_APPSECRET=fakeplatformsecret \
    YIMEN_API_RATE_PER_IP=1000000 YIMEN_API_RATE_PER_CITIZEN=1000000 \
    "$PY" main.py serve --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

wait_for "http://127.0.0.1:$FAKE_PORT/cgi-bin/media/get" 2>/dev/null || true  # answers 200 with an error JSON
if ! wait_for "$BASE/healthz"; then
    cat "$WORK/server.log" >&2
    exit 1
fi

"$PY" - "$BASE" "$WORK" <<'PYEOF'
import json, sys, urllib.request
base, work = sys.argv[1], sys.argv[2]
request = urllib.request.Request(base + "/api/v1/sessions", data=json.dumps({"code": "schemathesis"}).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
with urllib.request.urlopen(request, timeout=10) as r:
    session = json.load(r)
with open(f"{work}/token", "w") as f:
    f.write(session["token"])
with open(f"{work}/schemathesis.toml", "w") as f:  # the signed-in citizen's own record, reachable
    f.write(f'[parameters]\n"path.citizen_id" = "{session["citizen_id"]}"\n')
PYEOF
TOKEN=$(cat "$WORK/token")

status=0
# run from the temporary folder: hypothesis and schemathesis keep their caches in the working directory
(cd "$WORK" && "$PY" -m schemathesis.cli --config-file "$WORK/schemathesis.toml" run "$BASE/api/v1/openapi.json" \
    --checks not_a_server_error,response_schema_conformance \
    --header "Authorization: Bearer $TOKEN" \
    --exclude-operation-id logout \
    --max-examples "${ST_MAX_EXAMPLES:-40}" \
    --request-timeout 20 \
    --no-color "$@") || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- server log (last 80 lines) ---" >&2
    tail -n 80 "$WORK/server.log" >&2
fi
exit "$status"
