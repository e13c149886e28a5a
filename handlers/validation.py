"""Reading a request at the edge: JSON body, query string, path and Idempotency-Key, each
validated; a bad one is a 4xx in the one error shape, never a 500."""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, ValidationError

from .problems import api_error

Model = TypeVar("Model", bound=BaseModel)
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_PATTERN = r"^[\x21-\x7e]{1,128}$"  # visible ASCII; the OpenAPI document says the same


class Strict(BaseModel):
    """A request body: unknown fields refused, text stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def invalid(exc: ValidationError, where: str) -> web.HTTPException:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or where
    return api_error(422, "invalid_input", f"请求内容有误：{field}（{first['msg']}）。")


async def read_json(request: web.Request, model: type[Model]) -> Model:
    """The JSON body validated against `model`: 400 when it is not JSON, 422 when it does not fit."""
    raw = await request.read()
    try:
        data: Any = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise api_error(400, "invalid_json", "请求内容不是有效的JSON。") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid(exc, "body") from None
    except RecursionError:
        raise api_error(400, "invalid_json", "请求内容嵌套太深。") from None


def read_query(request: web.Request, model: type[Model]) -> Model:
    """The query string against `model`; a repeated parameter counts once (the first)."""
    values = {key: request.query.getone(key) for key in request.query}
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise invalid(exc, "query") from None


def read_path(request: web.Request, model: type[Model], *, not_found: tuple[str, str]) -> Model:
    """The path's parameters against `model`; a malformed one is a 404 (no such resource)."""
    try:
        return model.model_validate(dict(request.match_info))
    except ValidationError:
        raise api_error(404, *not_found) from None


def idempotency_key(request: web.Request) -> str | None:
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return None
    if not re.fullmatch(IDEMPOTENCY_PATTERN, key):
        raise api_error(400, "invalid_idempotency_key", "Idempotency-Key 应为1到128个可见ASCII字符。")
    return key
