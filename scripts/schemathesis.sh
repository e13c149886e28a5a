#!/bin/sh
# Property-based test of the mini-program API against a live server: schemathesis generates
# requests from /api/v1/openapi.json and checks that no answer is a 5xx and every answer fits
# the document. The server (`python main.py serve`) runs on a free loopback port with a
# temporary SQLite database and in-process Redis; the WeChat platform is the test fake
# (tests/fakes/wechat_platform.py, run as a process), so login works and signed-in operations are exercised too.
# Every check runs (`--checks all`), signed in as a citizen, the rate limits lifted; then the staff
# API's document, signed in with the staff token. The fake accepts
# the login code the document gives as its example, so POST /api/v1/sessions is reached with a valid
# code; a booking made before the run gives the {code} operations a real booking to work on.
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

LOGIN_CODE=$("$PY" -c 'from handlers.miniapp.models import LoginForm; print(LoginForm.model_fields["code"].examples[0])')
FAKE_PORT=$(free_port)
"$PY" -m tests.fakes.wechat_platform "$FAKE_PORT" "$LOGIN_CODE" >"$WORK/fake.log" 2>&1 &
FAKE_PID=$!

STAFF_TOKEN=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
env DATABASE_URL="sqlite://$WORK/yimen.sqlite3" REDIS_URL= \
    WECHAT_API_BASE="http://127.0.0.1:$FAKE_PORT/" WECHAT_APPID=wx0000000000000000 WECHAT_APPSECRET=fakeplatformsecret \
    YIMEN_API_RATE_PER_IP=1000000 YIMEN_API_RATE_PER_CITIZEN=1000000 YIMEN_STAFF_TOKEN="$STAFF_TOKEN" \
    "$PY" main.py serve --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

wait_for "http://127.0.0.1:$FAKE_PORT/cgi-bin/media/get" 2>/dev/null || true  # answers 200 with an error JSON
if ! wait_for "$BASE/healthz"; then
    cat "$WORK/server.log" >&2
    exit 1
fi

"$PY" - "$BASE" "$WORK" "$LOGIN_CODE" <<'PYEOF'
import json, sys, urllib.parse, urllib.request
base, work, code = sys.argv[1], sys.argv[2], sys.argv[3]


def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    data = None if body is None else json.dumps(body).encode()
    with urllib.request.urlopen(urllib.request.Request(base + path, data=data, headers=headers, method=method),
                                timeout=10) as r:
        return json.load(r)


session = call("POST", "/api/v1/sessions", {"code": code})
token = session["token"]
booking = None  # the first item, hall and free slot found: a real booking for the {code} operations
for item in call("GET", "/api/v1/catalog/items")["items"]:
    for hall in call("GET", "/api/v1/halls?item=" + urllib.parse.quote(item["code"]))["halls"]:
        slots_of = f"/api/v1/halls/{hall['code']}/slots?item={urllib.parse.quote(item['code'])}"
        for day in call("GET", slots_of)["days"][:3]:
            slots = call("GET", f"{slots_of}&date={day['date']}")["slots"]
            if slots:
                booking = call("POST", "/api/v1/appointments",
                               {"item": item["code"], "hall": hall["code"], "start": slots[0]["start"]}, token)
                break
        if booking:
            break
    if booking:
        break
if booking is None:
    sys.exit("schemathesis.sh: no free slot to book before the run")
with open(f"{work}/token", "w") as f:
    f.write(token)
# A booking refusal of a well-formed request (the slot is past, full, not a slot start; for it and the
# subscribe grants, the
# Idempotency-Key was used with another body, as generated data does) is a documented 422; so is a
# pre-check's situation the item does not have, or a consent to reuse files that are not on offer;
# and a life event's form with answers missing (the fields it needs depend on the life event named
# in the path, which one request schema for every {code} cannot state): 422 invalid_form names each.
REFUSED_OK = '["2xx", "3xx", "401", "403", "404", "409", "422", "429"]'
with open(f"{work}/schemathesis.toml", "w") as f:
    f.write(f'''[parameters]
"path.citizen_id" = "{session["citizen_id"]}"

[[operations]]
include-operation-id = ["my_appointment", "cancel", "reschedule"]
parameters = {{ "path.code" = "{booking["code"]}" }}

[[operations]]
include-operation-id = ["checklist", "reuse"]
parameters = {{ "path.code" = "id_card_renewal" }}

[[operations]]
include-operation-id = ["book", "reschedule", "chat", "subscribe", "subscribe_grants", "precheck", "checklist", "reuse",
                        "submit_life_event"]
checks.positive_data_acceptance.expected-statuses = {REFUSED_OK}
''')
PYEOF
TOKEN=$(cat "$WORK/token")

status=0
# run from the temporary folder: hypothesis and schemathesis keep their caches in the working directory
(cd "$WORK" && "$PY" -m schemathesis.cli --config-file "$WORK/schemathesis.toml" run "$BASE/api/v1/openapi.json" \
    --checks all \
    --header "Authorization: Bearer $TOKEN" \
    --exclude-operation-id logout \
    --max-examples "${ST_MAX_EXAMPLES:-40}" \
    --request-timeout 20 \
    --no-color "$@") || status=$?
# The staff API (applications, complaints, figures), signed in with the staff token.
if [ "$status" -eq 0 ]; then
    # A refusal of a well-formed request (a stage that does not fit, a time outside 2000-2099, an
    # Idempotency-Key used with another body) is a documented 422, as for the citizens' API.
    printf '[[operations]]\ninclude-operation-id = ["receive_application", "change_application", "reply_to_complaint", "create_campaign", "schedule_campaign", "cancel_campaign", "retry_dead_letter", "drop_dead_letter", "override_precheck"]\n%s\n' \
        'checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]' \
        >"$WORK/staff.toml"
    (cd "$WORK" && "$PY" -m schemathesis.cli --config-file "$WORK/staff.toml" run "$BASE/api/staff/v1/openapi.json" \
        --checks all \
        --header "Authorization: Bearer $STAFF_TOKEN" \
        --max-examples "${ST_MAX_EXAMPLES:-40}" \
        --request-timeout 20 \
        --no-color "$@") || status=$?
fi
if [ "$status" -ne 0 ]; then
    echo "--- server log (last 80 lines) ---" >&2
    tail -n 80 "$WORK/server.log" >&2
fi
exit "$status"
