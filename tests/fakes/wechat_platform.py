"""A local fake of the WeChat platform API: real URLs and JSON, a real port, counted calls and
failures injected on demand (timeouts, disconnects, 5xx, errcode -1, 40001).

Tests use the `wechat_platform` fixture. For runs against a live server (scripts/schemathesis.sh,
bench/wechat.py) it also serves on a loopback port as a process of its own:

    python -m tests.fakes.wechat_platform PORT [CODE] [DELAY]

CODE (default "schemathesis") is a wx.login code that code2session accepts, for one citizen; DELAY
(seconds, default 0) is how long every request waits before it is answered (bench reminders: 0.03).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

APP_ID = "wx0000000000000000"
SECRET = "fakeplatformsecret"
MINI_APP_ID = "wx1111111111111111"  # the mini-program: its own AppID, secret and access tokens
MINI_SECRET = "fakeminiprogramsecret"
MINI_SEND = "cgi-bin/message/subscribe/send"

# What a failure injected on a path does to the next request there.
FAILURES = ("timeout", "disconnect", "500", "busy", "expired", "42001", "quota")


@dataclass
class FakePlatform:
    app_id: str = APP_ID
    secret: str = SECRET
    token_delay: float = 0.0  # seconds stable_token takes, so that racing callers overlap
    hang: float = 1.0  # seconds a "timeout" keeps the caller waiting (set the client's timeout below it)
    delay: float = 0.0  # seconds every request waits before it is answered (10: the platform is as good as down)
    expires_in: int = 7200
    url: str = ""  # set once the server runs
    calls: Counter[str] = field(default_factory=Counter)  # path → requests, failed ones included
    token_requests: list[dict[str, Any]] = field(default_factory=list)  # stable_token bodies, in order
    sent: list[dict[str, Any]] = field(default_factory=list)  # accepted customer-service messages
    raw_sent: list[bytes] = field(default_factory=list)
    failures: dict[str, list[str]] = field(default_factory=dict)
    valid_tokens: set[str] = field(default_factory=set)
    current_token: str | None = None
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    sessions: dict[str, dict[str, str]] = field(default_factory=dict)  # js_code → code2session answer
    unionids: dict[str, str] = field(default_factory=dict)  # official-account openid → UnionID
    issued: int = 0
    pushes: list[dict[str, Any]] = field(default_factory=list)  # accepted template and subscribe messages
    refused: set[str] = field(default_factory=set)  # openids that refused subscribe messages (43101)
    # After accepting this many pushes, the next accepted ones are kept but answered only after `hang_for`
    # seconds: the caller is killed (or times out) while the platform has the messages.
    hang_after: int | None = None
    hang_for: float = 60.0
    # The mini-program (subscribeMessage.send): its own tokens; what it accepted; an errcode to answer
    # for an openid (43101 refused, 40003 bad openid, 43104 openid of another app, ...).
    mini_app_id: str = MINI_APP_ID
    mini_secret: str = MINI_SECRET
    mini_tokens: set[str] = field(default_factory=set)
    mini_token: str | None = None
    mini_pushes: list[dict[str, Any]] = field(default_factory=list)
    mini_answers: dict[str, int] = field(default_factory=dict)
    # One-time grants as the platform counts them, (openid, template) → sends left; None: not counted here.
    # Counted, a send without a grant left is answered 43101, as the platform does.
    mini_grants: Counter[tuple[str, str]] | None = None

    def fail(self, path: str, *kinds: str) -> None:
        assert all(k in FAILURES for k in kinds), kinds
        self.failures.setdefault(path, []).extend(kinds)

    def expire_tokens(self) -> None:
        self.valid_tokens.clear()
        self.current_token = None

    def issue_token(self) -> str:
        self.issued += 1
        self.current_token = f"TOKEN{self.issued:04d}"
        self.valid_tokens.add(self.current_token)
        return self.current_token

    def texts_to(self, openid: str) -> list[str]:
        return [m["text"]["content"] for m in self.sent if m["touser"] == openid and m["msgtype"] == "text"]


platform_key = web.AppKey("platform", FakePlatform)


def answer(data: dict[str, Any], content_type: str = "application/json") -> web.Response:
    return web.Response(text=json.dumps(data, ensure_ascii=False), content_type=content_type)


INVALID_TOKEN = {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"}


@web.middleware
async def inject_failures(request: web.Request, handler: Any) -> web.StreamResponse:
    platform = request.app[platform_key]
    path = request.path.strip("/")
    platform.calls[path] += 1
    if platform.delay:
        await asyncio.sleep(platform.delay)
    queue = platform.failures.get(path)
    if not queue:
        return await handler(request)
    kind = queue.pop(0)
    if kind == "timeout":
        await asyncio.sleep(platform.hang)
        return await handler(request)
    if kind == "disconnect":
        assert request.transport is not None
        request.transport.close()
        return web.Response(status=500)
    if kind == "500":
        return web.Response(status=502, text="<html>bad gateway</html>", content_type="text/html")
    if kind == "quota":
        return answer({"errcode": 45009, "errmsg": "reach max api daily quota limit"})
    if kind == "busy":
        return answer({"errcode": -1, "errmsg": "system error"})
    if kind == "expired":
        platform.expire_tokens()
        return answer(INVALID_TOKEN)
    return answer({"errcode": 42001, "errmsg": "access_token expired"})


async def stable_token(request: web.Request) -> web.Response:
    platform = request.app[platform_key]
    body = await request.json()
    platform.token_requests.append(body)
    if body.get("grant_type") != "client_credential" or body.get("appid") not in (platform.app_id,
                                                                                  platform.mini_app_id):
        return answer({"errcode": 40013, "errmsg": "invalid appid"})
    if body.get("appid") == platform.app_id and body.get("secret") != platform.secret:
        return answer({"errcode": 40125, "errmsg": "invalid appsecret"})
    await asyncio.sleep(platform.token_delay)
    if body.get("appid") == platform.mini_app_id:
        if body.get("secret") != platform.mini_secret:
            return answer({"errcode": 40125, "errmsg": "invalid appsecret"})
        if body.get("force_refresh") or platform.mini_token is None:
            platform.issued += 1
            platform.mini_token = f"MINITOKEN{platform.issued:04d}"
            platform.mini_tokens = {platform.mini_token}
        return answer({"access_token": platform.mini_token, "expires_in": platform.expires_in})
    if body.get("force_refresh") or platform.current_token is None:
        if body.get("force_refresh"):
            platform.valid_tokens.clear()  # a forced refresh ends the previous token at once
        platform.issue_token()
    return answer({"access_token": platform.current_token, "expires_in": platform.expires_in})


async def custom_send(request: web.Request) -> web.Response:
    platform = request.app[platform_key]
    if request.query.get("access_token") not in platform.valid_tokens:
        return answer(INVALID_TOKEN)
    raw = await request.read()
    message = json.loads(raw)
    if not message.get("touser") or message.get("msgtype") not in ("text", "news"):
        return answer({"errcode": 40008, "errmsg": "invalid message type"})
    platform.raw_sent.append(raw)
    platform.sent.append(message)
    return answer({"errcode": 0, "errmsg": "ok"})


async def push_send(request: web.Request) -> web.Response:
    """Template (模板消息) and subscribe (订阅通知) messages: a msgid back for templates."""
    platform = request.app[platform_key]
    if request.query.get("access_token") not in platform.valid_tokens:
        return answer(INVALID_TOKEN)
    message = await request.json()
    if not message.get("touser") or not message.get("template_id") or not isinstance(message.get("data"), dict):
        return answer({"errcode": 47003, "errmsg": "argument invalid"})
    if request.path.endswith("bizsend") and message["touser"] in platform.refused:
        return answer({"errcode": 43101, "errmsg": "user refuse to accept the msg"})
    platform.pushes.append({**message, "api": request.path.strip("/")})
    if platform.hang_after is not None and len(platform.pushes) > platform.hang_after:
        await asyncio.sleep(platform.hang_for)
    return answer({"errcode": 0, "errmsg": "ok", "msgid": 1000 + len(platform.pushes)})


async def mini_subscribe_send(request: web.Request) -> web.Response:
    """The mini-program's subscribe message (subscribeMessage.send), with the mini-program's own token:
    one accepted one-time grant allows one send; without one, 43101."""
    platform = request.app[platform_key]
    if request.query.get("access_token") not in platform.mini_tokens:
        return answer(INVALID_TOKEN)  # the official account's token is not the mini-program's
    message = await request.json()
    data = message.get("data")
    if (not message.get("touser") or not message.get("template_id") or not isinstance(data, dict)
            or not all(isinstance(v, dict) and isinstance(v.get("value"), str) for v in data.values())):
        return answer({"errcode": 47003, "errmsg": "argument invalid! data.thing1.value invalid"})
    openid, template = message["touser"], message["template_id"]
    if openid in platform.mini_answers:
        code = platform.mini_answers[openid]
        return answer({"errcode": code, "errmsg": "user refuse to accept the msg" if code == 43101 else "invalid"})
    if platform.mini_grants is not None:
        if platform.mini_grants[(openid, template)] <= 0:
            return answer({"errcode": 43101, "errmsg": "user refuse to accept the msg"})
        platform.mini_grants[(openid, template)] -= 1
    platform.mini_pushes.append(message)
    return answer({"errcode": 0, "errmsg": "ok", "msgid": 5000 + len(platform.mini_pushes)})


async def media_get(request: web.Request) -> web.StreamResponse:
    platform = request.app[platform_key]
    if request.query.get("access_token") not in platform.valid_tokens:
        return answer(INVALID_TOKEN, "text/plain")  # media/get answers errors as text/plain JSON
    media = platform.media.get(request.query.get("media_id", ""))
    if media is None:
        return answer({"errcode": 40007, "errmsg": "invalid media_id"}, "text/plain")
    content, content_type = media
    return web.Response(body=content, content_type=content_type)


async def jscode2session(request: web.Request) -> web.Response:
    platform = request.app[platform_key]
    q = request.query
    if (q.get("appid"), q.get("secret")) not in ((platform.app_id, platform.secret),
                                                  (platform.mini_app_id, platform.mini_secret)):
        return answer({"errcode": 40125, "errmsg": "invalid appsecret"}, "text/plain")
    if q.get("grant_type") != "authorization_code":
        return answer({"errcode": 40002, "errmsg": "invalid grant_type"}, "text/plain")
    session = platform.sessions.get(q.get("js_code", ""))
    if session is None:
        return answer({"errcode": 40029, "errmsg": "invalid code"}, "text/plain")
    return answer(session, "text/plain")


async def user_info(request: web.Request) -> web.Response:
    platform = request.app[platform_key]
    if request.query.get("access_token") not in platform.valid_tokens:
        return answer(INVALID_TOKEN)
    openid = request.query.get("openid", "")
    if not openid:
        return answer({"errcode": 40003, "errmsg": "invalid openid"})
    info: dict[str, Any] = {"subscribe": 1, "openid": openid, "language": "zh_CN"}
    if openid in platform.unionids:  # only when the account is bound to an Open Platform account
        info["unionid"] = platform.unionids[openid]
    return answer(info)


def fake_platform_app(platform: FakePlatform) -> web.Application:
    app = web.Application(middlewares=[inject_failures])
    app[platform_key] = platform
    app.add_routes([
        web.post("/cgi-bin/stable_token", stable_token),
        web.post("/cgi-bin/message/custom/send", custom_send),
        web.post("/cgi-bin/message/template/send", push_send),
        web.post("/cgi-bin/message/subscribe/bizsend", push_send),
        web.post(f"/{MINI_SEND}", mini_subscribe_send),
        web.get("/cgi-bin/media/get", media_get),
        web.get("/sns/jscode2session", jscode2session),
        web.get("/cgi-bin/user/info", user_info),
    ])
    return app


@pytest.fixture
async def wechat_platform(aiohttp_server: Any) -> FakePlatform:
    platform = FakePlatform()
    server = await aiohttp_server(fake_platform_app(platform))
    platform.url = str(server.make_url("/"))
    return platform


def main(argv: list[str]) -> None:
    port = int(argv[0])
    code = argv[1] if len(argv) > 1 else "schemathesis"
    delay = float(argv[2]) if len(argv) > 2 else 0.0
    platform = FakePlatform(url=f"http://127.0.0.1:{port}/", delay=delay)
    platform.sessions[code] = {"openid": "o-schemathesis", "session_key": "fake", "unionid": "u-schemathesis"}
    web.run_app(fake_platform_app(platform), host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main(sys.argv[1:])
