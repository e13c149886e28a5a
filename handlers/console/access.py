"""Who is at the console, and what they may do: sessions in Redis, CSRF, roles and halls, the audit.

- A session is an opaque random token in the `yimen_console` cookie (HttpOnly, SameSite=Strict,
  Secure behind TLS: YIMEN_CONSOLE_TLS or an HTTPS request); Redis keeps only its SHA-256 →
  the staff member and the session's CSRF token, for SESSION_TTL seconds.
- Every form carries the CSRF token; a POST without it, or with another, is 403 before anything.
  The login form's token is a double-submit cookie (there is no session yet).
- Roles see only their pages (PAGES) and, with a hall on the account, only that hall.
- Every action is written to the staff actions trail (identity/staff_actions.py) by `audit`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from catalog import Hall
from identity import ROLE_NAMES, Role, Staff, record_action

from ..keys import catalog_key, clock_key, redis_key, settings_key
from ..limits import client_address

SESSION_COOKIE = "yimen_console"
LOGIN_COOKIE = "yimen_console_login"  # the login form's double-submit CSRF token
SESSION_TTL = 8 * 3600  # a working day; then sign in again
FLASH_TTL = 120
MAX_FIELD = 2000

ALL_ROLES: frozenset[Role] = frozenset({"admin", "supervisor", "clerk", "reviewer"})
PAGES: dict[str, frozenset[Role]] = {
    "dashboard": frozenset({"admin", "supervisor"}),
    "queue": frozenset({"admin", "supervisor", "clerk"}),
    "appointments": frozenset({"admin", "supervisor", "clerk"}),
    "handoffs": frozenset({"admin", "supervisor", "clerk"}),
    "applications": ALL_ROLES,
    "prechecks": frozenset({"admin", "reviewer"}),
    "campaigns": frozenset({"admin", "supervisor"}),
    "complaints": frozenset({"admin", "supervisor"}),
    "catalog": ALL_ROLES,
    "rules": frozenset({"admin", "supervisor"}),
    "letters": frozenset({"admin", "supervisor"}),
}
PAGE_NAMES = {"dashboard": "概览", "queue": "今日排队", "appointments": "预约", "handoffs": "转人工",
              "applications": "办件", "prechecks": "预审复核",
              "campaigns": "主动服务", "complaints": "投诉",
              "catalog": "事项目录", "rules": "提醒规则", "letters": "发送失败"}
REJECTERS: frozenset[Role] = frozenset({"admin", "supervisor", "reviewer"})  # 不予受理 is not the window's call
CATALOG_EDITORS: frozenset[Role] = frozenset({"admin", "supervisor"})  # edit, publish, roll back the catalog


@dataclass(frozen=True, slots=True)
class Visit:
    """A signed-in request: who, their session's CSRF token and the session's key."""

    staff: Staff
    csrf: str
    key: str

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.staff.role, self.staff.role)


def session_key(token: str) -> str:
    return "console:session:" + hashlib.sha256(token.encode()).hexdigest()


def secure_cookies(request: web.Request) -> bool:
    return request.app[settings_key].console_tls or request.secure


def set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/console", httponly=True, samesite="Strict",
                        secure=secure_cookies(request))


async def open_console_session(request: web.Request, response: web.StreamResponse, staff: Staff) -> None:
    token = secrets.token_urlsafe(32)
    data = {"name": staff.name, "role": staff.role, "hall": staff.hall, "csrf": secrets.token_urlsafe(32)}
    await request.app[redis_key].set(session_key(token), json.dumps(data), ex=SESSION_TTL)
    set_cookie(request, response, SESSION_COOKIE, token, SESSION_TTL)


async def close_console_session(request: web.Request, response: web.StreamResponse) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await request.app[redis_key].delete(session_key(token))
    response.del_cookie(SESSION_COOKIE, path="/console")


async def visit_of(request: web.Request) -> Visit | None:
    token = request.cookies.get(SESSION_COOKIE, "")
    if not 20 <= len(token) <= 100:
        return None
    key = session_key(token)
    raw = await request.app[redis_key].get(key)
    if not raw:
        return None
    data = json.loads(raw)
    return Visit(Staff(data["name"], data["role"], data["hall"]), data["csrf"], key)


def to_login() -> web.HTTPException:
    return web.HTTPSeeOther("/console/login")


class ConsoleRefusal(web.HTTPException):
    """A console error as a page: any status, an HTML body."""

    def __init__(self, status: int, text: str) -> None:
        self.status_code = status
        super().__init__(text=text, content_type="text/html")


def refuse(request: web.Request, status: int, message: str) -> web.HTTPException:
    """A console error as a page (to raise): what happened and the next step, in Chinese."""
    response = aiohttp_jinja2.render_template("error.html", request, {"message": message, "status": status})
    assert isinstance(response.body, bytes)
    return ConsoleRefusal(status, response.body.decode())


def may_see(staff: Staff, page: str) -> bool:
    return staff.role in PAGES[page]


async def page_visit(request: web.Request, page: str) -> Visit:
    """The signed-in staff member allowed on `page`; else to the login page, or 403."""
    visit = await visit_of(request)
    if visit is None:
        raise to_login()
    if not may_see(visit.staff, page):
        raise refuse(request, 403, "您的账号没有这个页面的权限。如需开通，请联系管理员。")
    return visit


async def action_visit(request: web.Request, page: str) -> tuple[Visit, dict[str, str]]:
    """A POST from a page's form: signed in, allowed, and carrying the session's CSRF token."""
    visit = await visit_of(request)
    form = await request.post()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}  # files are never expected
    if visit is None:
        raise refuse(request, 403, "登录已过期，请重新登录后再提交。")
    given = fields.get("csrf", "")
    if not given or not hmac.compare_digest(given.encode(), visit.csrf.encode()):
        raise refuse(request, 403, "页面已过期，请刷新后再提交。")
    if not may_see(visit.staff, page):
        raise refuse(request, 403, "您的账号不能做这个操作。如需开通，请联系管理员。")
    for value in fields.values():
        if len(value) > MAX_FIELD:
            raise refuse(request, 422, "填写的内容太长了，请缩短后再提交。")
    return visit, fields


def require_role(request: web.Request, visit: Visit, roles: frozenset[Role]) -> None:
    """An action of a page that only some of its roles may take (403 for the others)."""
    if visit.staff.role not in roles:
        raise refuse(request, 403, "您的账号不能做这个操作。如需开通，请联系管理员。")


def halls_of(request: web.Request, staff: Staff) -> list[Hall]:
    halls = request.app[catalog_key].halls
    if staff.hall is not None:
        return [halls[staff.hall]] if staff.hall in halls else []
    return list(halls.values())


def hall_for(request: web.Request, staff: Staff, code: str | None) -> Hall:
    """The hall asked for (default: the staff's first), if the staff may see it; else 403/404."""
    allowed = halls_of(request, staff)
    if not allowed:
        raise refuse(request, 403, "您的账号没有可以查看的大厅，请联系管理员。")
    if not code:
        return allowed[0]
    for hall in allowed:
        if hall.code == code:
            return hall
    if code in request.app[catalog_key].halls:
        raise refuse(request, 403, "您的账号不能查看这个大厅。")
    raise refuse(request, 404, "没有这个大厅，请从列表中选择。")


async def audit(request: web.Request, staff: Staff, action: str, target: str = "",
                details: dict[str, Any] | None = None) -> None:
    await record_action(staff.name, staff.role, action, target=target, details=details,
                        address=client_address(request), now=request.app[clock_key].now())


async def flash(request: web.Request, visit: Visit, message: str) -> None:
    """A line shown once on the next page (kept in Redis beside the session, never in the URL)."""
    await request.app[redis_key].set(visit.key + ":flash", message, ex=FLASH_TTL)


async def take_flash(request: web.Request, visit: Visit) -> str:
    message = await request.app[redis_key].getdel(visit.key + ":flash")
    return message.decode() if isinstance(message, bytes) else message or ""


async def page_context(request: web.Request, visit: Visit, page: str, **values: Any) -> dict[str, Any]:
    nav = [(p, PAGE_NAMES[p]) for p in PAGES if may_see(visit.staff, p)]
    return {"visit": visit, "page": page, "nav": nav, "csrf": visit.csrf, "flash": await take_flash(request, visit),
            **values}


def back(path: str) -> web.HTTPException:
    return web.HTTPSeeOther(path)
