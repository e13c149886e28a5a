"""The API's one error shape, {"error": {"code", "message"}}, for every 4xx and 5xx under /api/
(and /robot/).

Handlers raise `api_error(...)` (an aiohttp HTTPException with the JSON body); aiohttp's own
plain-text answers (unknown path 404, wrong method 405, body too large 413) are reworded
into the same shape by `api_errors_middleware`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from aiohttp import web
from aiohttp.typedefs import Handler

API_PREFIX = "/api/"
JSON_PREFIXES = (API_PREFIX, "/robot/")  # paths whose every answer, errors included, is JSON

# aiohttp's own refusals, in the API's words.
FRAMEWORK_ERRORS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求格式有误。"),
    404: ("not_found", "没有这个接口地址，请核对后再试。"),
    405: ("method_not_allowed", "这个接口不支持该请求方法。"),
    413: ("too_large", "请求内容太大。"),
}


def error_body(code: str, message: str) -> str:
    return json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False)


STATUS_ERRORS: dict[int, type[web.HTTPException]] = {
    400: web.HTTPBadRequest, 401: web.HTTPUnauthorized, 403: web.HTTPForbidden, 404: web.HTTPNotFound,
    405: web.HTTPMethodNotAllowed, 409: web.HTTPConflict, 413: web.HTTPRequestEntityTooLarge,
    415: web.HTTPUnsupportedMediaType, 422: web.HTTPUnprocessableEntity, 429: web.HTTPTooManyRequests,
    500: web.HTTPInternalServerError, 502: web.HTTPBadGateway, 503: web.HTTPServiceUnavailable,
}


def api_error(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> web.HTTPException:
    """An HTTP error with the JSON body; raise it from a handler."""
    error_type = STATUS_ERRORS.get(status, web.HTTPBadRequest if status < 500 else web.HTTPInternalServerError)
    if error_type is web.HTTPMethodNotAllowed:  # needs the method and what is allowed
        allowed = (headers or {}).get("Allow", "")
        return web.HTTPMethodNotAllowed("", allowed.split(",") if allowed else [], text=error_body(code, message),
                                        content_type="application/json")
    return error_type(text=error_body(code, message), content_type="application/json", headers=headers)


@web.middleware
async def api_errors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith(JSON_PREFIXES):
        return await handler(request)
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400 or exc.content_type == "application/json":
            raise
        code, message = FRAMEWORK_ERRORS.get(exc.status, ("http_error", "请求没有成功，请稍后再试。"))
        headers = {k: v for k, v in exc.headers.items() if k.lower() in ("allow", "retry-after")}
        raise api_error(exc.status, code, message, headers) from None
