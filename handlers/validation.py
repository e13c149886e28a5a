"""Reading a request at the edge: JSON body, query string, path and Idempotency-Key, each
validated; a bad one is a 4xx in the one error shape, never a 500."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from aiohttp import web
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from core.clock import SHANGHAI

from .problems import api_error

Model = TypeVar("Model", bound=BaseModel)
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_PATTERN = r"^[\x21-\x7e]{1,128}$"  # visible ASCII; the OpenAPI document says the same


class Strict(BaseModel):
    """A request body: unknown fields refused, text stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


# A time or day outside these years is no errand's: refused at the edge, before any arithmetic
# on it can overflow (0001-01-01T00:00:00+08:00 has no UTC form).
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def day_in_range(day: date) -> date:
    if not EARLIEST <= day <= LATEST:
        raise PydanticCustomError("date_range", "date out of range")
    return day


def beijing_time(value: datetime) -> datetime:
    """In Beijing time (a time without an offset is Beijing time), within EARLIEST..LATEST."""
    day_in_range(value.date())  # the local date: converting first could overflow
    return value.replace(tzinfo=SHANGHAI) if value.tzinfo is None else value.astimezone(SHANGHAI)


def strict_bool(value: Any) -> Any:
    """A query boolean: true/false or 1/0, nothing else (not "yes", not "0.5")."""
    if isinstance(value, str):
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        raise PydanticCustomError("bool_parsing", "not a boolean")
    return value


Day = Annotated[date, AfterValidator(day_in_range)]
BeijingTime = Annotated[datetime, AfterValidator(beijing_time),
                        Field(description="without an offset: Beijing time; years 2000 to 2099, else 422")]
QueryBool = Annotated[bool, BeforeValidator(strict_bool)]

# pydantic's error types in short Chinese; {field} is where, the rest comes from the error's ctx.
CHINESE: dict[str, str] = {
    "missing": "缺少 {field}",
    "extra_forbidden": "不认识的字段 {field}",
    "string_type": "{field} 应为文字",
    "string_too_short": "{field} 太短，至少{min_length}个字",
    "string_too_long": "{field} 太长，最多{max_length}个字",
    "string_pattern_mismatch": "{field} 的格式不对",
    "int_type": "{field} 应为整数", "int_parsing": "{field} 应为整数", "int_from_float": "{field} 应为整数",
    "float_type": "{field} 应为数字", "float_parsing": "{field} 应为数字",
    "greater_than": "{field} 应大于{gt}", "greater_than_equal": "{field} 不能小于{ge}",
    "less_than": "{field} 应小于{lt}", "less_than_equal": "{field} 不能大于{le}",
    "bool_type": "{field} 应为 true 或 false", "bool_parsing": "{field} 应为 true 或 false",
    "datetime_type": "{field} 应为日期时间，如2026-11-26T09:00:00+08:00",
    "datetime_parsing": "{field} 应为日期时间，如2026-11-26T09:00:00+08:00",
    "datetime_from_date_parsing": "{field} 应为日期时间，如2026-11-26T09:00:00+08:00",
    "date_type": "{field} 应为日期，如2026-11-26", "date_parsing": "{field} 应为日期，如2026-11-26",
    "date_from_datetime_parsing": "{field} 应为日期，如2026-11-26",
    "date_range": "{field} 超出了可以办理的日期范围",
    "literal_error": "{field} 只能是{expected}之一", "enum": "{field} 只能是{expected}之一",
    "model_type": "{field} 应为一个JSON对象", "model_attributes_type": "{field} 应为一个JSON对象",
    "dict_type": "{field} 应为一个JSON对象", "list_type": "{field} 应为列表", "too_long": "{field} 的项目太多",
    "too_short": "{field} 的项目太少",
}
FALLBACK = "{field} 不符合要求"
WHERE = {"body": "请求内容", "query": "查询参数"}


def chinese(error: ErrorDetails, where: str) -> str:
    """One pydantic error as a short Chinese sentence naming the field: the one translation."""
    field = ".".join(str(p) for p in error["loc"]) or WHERE.get(where, where)
    ctx = error.get("ctx") or {}
    values = {k: str(v).replace("'", "").replace(" or ", "、").replace(", ", "、") for k, v in ctx.items()}
    values["field"] = field
    template = CHINESE.get(error["type"], FALLBACK)
    try:
        reason = template.format_map(values)
    except (KeyError, ValueError):
        reason = FALLBACK.format(field=field)
    return f"请求内容有误：{reason}，请修改后再试。"


def invalid(exc: ValidationError, where: str) -> web.HTTPException:
    return api_error(422, "invalid_input", chinese(exc.errors()[0], where))


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
