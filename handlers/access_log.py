"""The access log: method, path, status and time only.

Query strings carry WeChat signatures, nonces and openids, so they never reach the log. In JSON
(YIMEN_LOG_FORMAT=json) the same facts are fields of the line, with the route and the request id.
"""

from __future__ import annotations

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

from .observe import route_of


class AccessLogger(AbstractAccessLogger):
    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        ms = round(time * 1000, 1)
        self.logger.info("%s %s %s %.1fms", request.method, request.path, response.status, ms,
                         extra={"method": request.method, "path": request.path, "route": route_of(request),
                                "status": response.status, "ms": ms,
                                "request_id": response.headers.get("X-Request-Id")})
