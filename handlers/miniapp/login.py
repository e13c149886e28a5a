"""Login with wx.login's code, logout, and the citizen's own record.

    POST   /api/v1/sessions {code}        code2session → the citizen → a Yimen bearer token (201)
    DELETE /api/v1/sessions/current       logout: the token stops working (204)
    GET    /api/v1/citizens/{citizen_id}  the signed-in citizen's own record; anyone else's: 403

The platform's session_key is never stored, logged or returned; the token is random and Redis
keeps only its hash (handlers/citizens.py).
"""

from __future__ import annotations

from aiohttp import web

from identity import Citizen, citizen_for_mini_login
from wechat import PlatformError, PlatformUnavailable

from ..citizens import SESSION_TTL, bearer_token, citizen_of, close_session, open_session
from ..keys import redis_key, wechat_key
from ..validation import read_json
from .errors import api_error
from .models import CitizenOut, LoginForm, LoginSession
from .responses import model_response

# code2session errcodes that mean "this code will not log anyone in": ask for a fresh wx.login.
CODE_REFUSED = frozenset({40029, 40163, 40226})  # invalid code, code already used, risky user
QUOTA = 45011  # the platform's per-minute quota


async def post_session(request: web.Request) -> web.Response:
    """Not idempotent on purpose (handlers/miniapp/idempotency.py): nothing of a login is kept
    under an Idempotency-Key, so a token is never stored in plain text nor replayed after logout.
    The wx.login code is single-use: a retry after a lost answer asks wx.login for a new code."""
    form = await read_json(request, LoginForm)
    try:
        mini = await request.app[wechat_key].code2session(form.code)
    except PlatformError as exc:
        if exc.errcode in CODE_REFUSED:
            raise api_error(401, "invalid_code", "登录凭证无效或已使用，请重新进入小程序。") from None
        if exc.errcode == QUOTA:
            raise api_error(429, "rate_limited", "登录的人太多了，请稍后再试。", {"Retry-After": "60"}) from None
        raise api_error(502, "wechat_error", "微信登录暂时不可用，请稍后再试。") from None
    except PlatformUnavailable:
        raise api_error(503, "wechat_unavailable", "微信登录暂时不可用，请稍后再试。", {"Retry-After": "5"}) from None
    citizen = await citizen_for_mini_login(mini.openid, mini.unionid)
    token = await open_session(request.app[redis_key], citizen.id)
    return model_response(LoginSession(token=token, expires_in=SESSION_TTL, citizen_id=citizen.id), 201)


async def delete_session(request: web.Request) -> web.Response:
    await citizen_of(request)  # 401 unless the token is a live one
    token = bearer_token(request)
    assert token is not None  # citizen_of refused otherwise
    await close_session(request.app[redis_key], token)
    return web.Response(status=204)


async def get_citizen(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    if request.match_info.get("citizen_id") != citizen:  # shape per CitizenPath; any other id: not yours
        raise api_error(403, "forbidden", "只能查看自己的信息。")
    row = await Citizen.get_or_none(id=citizen)
    return model_response(CitizenOut(
        id=citizen,
        official_account=bool(row and row.oa_openid),
        mini_program=bool(row and row.mini_openid),
    ))
