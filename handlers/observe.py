"""Every request observed once, outermost: its id, its count by route and status, a door's reply time.

The request id is the caller's X-Request-Id when well formed (nginx's $request_id, 32 hex digits,
passes), else a new one; it is echoed in the response and carried by every log line written while
the request is handled (core/logs.py). Metrics are labelled with the route's canonical path
(`/api/v1/bookings/{code}`), never the URL itself, so no booking code, openid or phone number
becomes a label; a request that matched no route counts as `unmatched`.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time

from aiohttp import web
from aiohttp.typedefs import Handler

from core.logs import request_id
from core.metrics import count_request, observe_reply

REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
request_id_key = web.RequestKey("request_id", str)

# the doors where a citizen waits for the assistant's answer, by (method, canonical path)
DOORS = {("POST", "/wechat"): "wechat", ("POST", "/robot/v1/messages"): "robot",
         ("POST", "/api/v1/chat/messages"): "miniapp"}
CLIENT_GONE = 499  # nginx's code for a request the client abandoned


def route_of(request: web.BaseRequest) -> str:
    match_info = getattr(request, "match_info", None)
    resource = match_info.route.resource if match_info is not None else None
    return resource.canonical if resource is not None else "unmatched"


def new_request_id(given: str | None) -> str:
    return given if given is not None and REQUEST_ID.fullmatch(given) else secrets.token_hex(16)


@web.middleware
async def observe_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    rid = request[request_id_key] = new_request_id(request.headers.get("X-Request-Id"))
    token = request_id.set(rid)
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    except asyncio.CancelledError:
        status = CLIENT_GONE
        raise
    finally:
        request_id.reset(token)
        route = route_of(request)
        count_request(route, request.method, status)
        door = DOORS.get((request.method, route))
        if door is not None:
            observe_reply(door, time.perf_counter() - started)


async def echo_request_id(request: web.Request, response: web.StreamResponse) -> None:
    rid = request.get(request_id_key)
    if rid is not None:
        response.headers["X-Request-Id"] = rid
