"""Every 4xx and 5xx under /api/ (and /robot/) in the one error shape of handlers/problems.py.

Handlers raise `api_error(...)` (an aiohttp HTTPException with the JSON body); aiohttp's own
plain-text answers (unknown path 404, wrong method 405, body too large 413) are reworded
into the same shape by `api_errors_middleware`.
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from ..problems import api_error, error_body

__all__ = ["API_PREFIX", "api_error", "api_errors_middleware", "error_body"]

API_PREFIX = "/api/"
JSON_PREFIXES = (API_PREFIX, "/robot/")  # paths whose every answer, errors included, is JSON

# aiohttp's own refusals, in the API's words.
FRAMEWORK_ERRORS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求格式有误。"),
    404: ("not_found", "没有这个接口地址，请核对后再试。"),
    405: ("method_not_allowed", "这个接口不支持该请求方法。"),
    413: ("too_large", "请求内容太大，请缩短后再试。"),
}


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
