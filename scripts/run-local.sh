#!/bin/sh
# `make run-local`: serve Yimen with the local stand-in of the WeChat platform, so the mini-program
# API can be tried on this machine: `POST /api/v1/sessions {"code": "local"}` signs in.
# The stand-in (tests/fakes/wechat_platform.py) runs on a free loopback port and knows the one code
# `local`; the server uses the embedded default (SQLite under var/, in-process Redis). Ctrl-C stops both.
#   scripts/run-local.sh                    serves on 127.0.0.1:8080 (YIMEN_PORT to change it)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PY" ] || PY=python3
FAKE_PID=""

cleanup() {
    [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
    return 0
}
trap cleanup EXIT INT TERM

FAKE_PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$PY" -m tests.fakes.wechat_platform "$FAKE_PORT" local &
FAKE_PID=$!
echo "run-local: the stand-in WeChat platform on 127.0.0.1:$FAKE_PORT; sign in with" \
    "POST /api/v1/sessions {\"code\": \"local\"}" >&2
# the stand-in's own app ids and secrets (tests/fakes/wechat_platform.py), nothing real: the official
# account's, and the mini-program's (its subscribe messages, subscribeMessage.send, go to the stand-in too)
env WECHAT_API_BASE="http://127.0.0.1:$FAKE_PORT/" WECHAT_APPID=wx0000000000000000 \
    WECHAT_APPSECRET=fakeplatformsecret WECHAT_MINI_APPID=wx1111111111111111 \
    WECHAT_MINI_APPSECRET=fakeminiprogramsecret "$PY" main.py serve "$@"
