"""The mini-program's REST API under /api/v1: login, catalog, chat, OpenAPI, limits, idempotency, no-store.

`routes` for the app factory; `middlewares`, outermost first, go after problem_middleware.
"""

from .errors import api_errors_middleware
from .limits import rate_limit_middleware
from .operations import OPENAPI_PATH, OPERATIONS, routes
from .private import no_store_middleware

middlewares = [no_store_middleware, api_errors_middleware, rate_limit_middleware]

__all__ = ["OPENAPI_PATH", "OPERATIONS", "middlewares", "routes"]
