"""Signing in and out of the console, with throttling per account and per address.

Past LOGIN_FAILURES_PER_ACCOUNT wrong passwords for one name, or LOGIN_FAILURES_PER_ADDRESS from
one address, within THROTTLE_WINDOW seconds, every login of that name or from that address is
refused (429, the right password too) until the window turns. Counters are Redis windows
(handlers/limits.py), shared by every web process. Each attempt is written to the staff actions.
"""

from __future__ import annotations

import hmac
import secrets

import aiohttp_jinja2
from aiohttp import web

from identity import check_password, record_action

from ..keys import clock_key, redis_key
from ..limits import client_address, spend, spent
from .access import (
    LOGIN_COOKIE,
    PAGES,
    action_visit,
    audit,
    close_console_session,
    open_console_session,
    set_cookie,
    visit_of,
)

LOGIN_FAILURES_PER_ACCOUNT = 5
LOGIN_FAILURES_PER_ADDRESS = 20
THROTTLE_WINDOW = 900  # seconds


def login_page(request: web.Request, *, message: str = "", name: str = "", status: int = 200) -> web.Response:
    token = secrets.token_urlsafe(32)
    response = aiohttp_jinja2.render_template("login.html", request, {"csrf": token, "message": message,
                                                                      "name": name}, status=status)
    set_cookie(request, response, LOGIN_COOKIE, token, 3600)
    return response


async def get_login(request: web.Request) -> web.StreamResponse:
    if await visit_of(request) is not None:
        raise web.HTTPSeeOther("/console")
    return login_page(request)


async def post_login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    name, password, given = (str(form.get(k) or "") for k in ("name", "password", "csrf"))
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not given or not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return login_page(request, message="页面已过期，请重新输入后登录。", status=403)
    name = name.strip().lower()[:32]
    if not name or not password:
        return login_page(request, message="请填写账号和密码。", name=name, status=422)
    redis, now, address = request.app[redis_key], request.app[clock_key].now(), client_address(request)
    scopes = ((f"console_login:account:{name}", LOGIN_FAILURES_PER_ACCOUNT),
              (f"console_login:address:{address}", LOGIN_FAILURES_PER_ADDRESS))
    waits = [w for scope, limit in scopes if (w := await spent(redis, scope, limit, now, THROTTLE_WINDOW))]
    if waits:
        await record_action(name, "", "login_throttled", address=address, now=now)
        minutes = max(1, -(-max(waits) // 60))
        response = login_page(request, message=f"登录失败次数过多，请{minutes}分钟后再试，或联系管理员重置密码。",
                              name=name, status=429)
        response.headers["Retry-After"] = str(max(waits))
        return response
    staff = await check_password(name, password)
    if staff is None:
        for scope, limit in scopes:
            await spend(redis, scope, limit, now, THROTTLE_WINDOW)
        await record_action(name, "", "login_failed", address=address, now=now)
        return login_page(request, message="账号或密码不对，请核对后再试。", name=name, status=401)
    response = web.HTTPSeeOther("/console")
    await open_console_session(request, response, staff)
    response.del_cookie(LOGIN_COOKIE, path="/console")
    await audit(request, staff, "login")
    raise response


async def post_logout(request: web.Request) -> web.StreamResponse:
    visit, _ = await action_visit(request, "applications")  # every role; the same CSRF check as every form
    response = web.HTTPSeeOther("/console/login")
    await close_console_session(request, response)
    await request.app[redis_key].delete(visit.key + ":flash")
    await audit(request, visit.staff, "logout")
    raise response


async def get_home(request: web.Request) -> web.StreamResponse:
    visit = await visit_of(request)
    if visit is None:
        raise web.HTTPSeeOther("/console/login")
    first = next(p for p in PAGES if visit.staff.role in PAGES[p])
    raise web.HTTPSeeOther(f"/console/{first}")


routes = [
    web.get("/console", get_home),
    web.get("/console/login", get_login),
    web.post("/console/login", post_login),
    web.post("/console/logout", post_logout),
]
