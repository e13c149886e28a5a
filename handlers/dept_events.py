"""Stage events from departments' back-office systems (专线子系统): POST /api/dept/v1/events.

Headers: `X-Yimen-Department` (the id registered with `python main.py dept add DEPT`),
`X-Yimen-Timestamp` (Unix seconds) and `X-Yimen-Signature`, the lowercase hex
HMAC-SHA256(department key, timestamp + "\\n" + raw body) (progress/departments.py).
401 when a header is missing, the timestamp is more than YIMEN_DEPT_TIMESTAMP_WINDOW (300) seconds
off, the department is unknown or the signature does not match (compared in constant time; an
unknown department answers as a bad signature, so ids cannot be probed); nothing is changed then.

Body: {event_id, application_no, stage, status, at, note, missing?}. 200 with the application's
stage after it, and `applied` false when the event came after a later one (it never moves an
application back); the same event id again gets the same answer (`X-Yimen-Replayed: true`);
an unknown application is 404. The document: GET /api/dept/v1/openapi.json.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import timedelta
from typing import Annotated, Literal

from aiohttp import web
from pydantic import BaseModel, Field

from progress import ApplicationNotFound, DepartmentEventIn, department_key, event_signature, receive_event

from .keys import clock_key, settings_key
from .miniapp.applications import NOT_FOUND, NUMBER_PATTERN
from .miniapp.idempotency import canonical
from .miniapp.openapi import Operation, openapi_document
from .miniapp.responses import model_response
from .problems import api_error
from .validation import BeijingTime, Strict, read_json

TIMESTAMP = re.compile(r"\d{1,12}")
SIGNATURE = re.compile(r"[0-9a-f]{64}")
DEPARTMENT = re.compile(r"[a-z][a-z0-9_.-]{1,63}")
DUMMY_KEY = "no such department, compared all the same"
BAD_SIGNATURE = ("bad_signature", "签名不正确、部门未登记或时间戳超出窗口，请核对后重新签名发送。")


class SignatureHeaders(BaseModel):
    department: str = Field(alias="X-Yimen-Department", pattern=r"^[a-z][a-z0-9_.-]{1,63}$",
                            examples=["shebao"], description="the department's id, as registered")
    timestamp: str = Field(alias="X-Yimen-Timestamp", pattern=r"^\d{1,12}$", examples=["1764036000"],
                           description="Unix seconds; within YIMEN_DEPT_TIMESTAMP_WINDOW (300) of the server's clock")
    signature: str = Field(alias="X-Yimen-Signature", pattern=r"^[0-9a-f]{64}$",
                           description="lowercase hex HMAC-SHA256(key, timestamp + \"\\n\" + raw body)")


class EventForm(Strict):
    event_id: str = Field(pattern=r"^[A-Za-z0-9_.:-]{1,128}$", examples=["shebao-2026-000981"],
                          description="unique per department: a repeated id is answered as the first time")
    application_no: str = Field(pattern=NUMBER_PATTERN, examples=["BJ20261125000123"])
    stage: Literal["申请受理", "承办", "审核", "批准", "办结"]
    status: Literal["in_progress", "supplement", "completed", "rejected"]
    at: BeijingTime = Field(description="when it happened in the department's system; events are ordered by it")
    note: str = Field(default="", max_length=500, description="why; for rejected: the reason the citizen is told")
    missing: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=20, description="supplement: what the citizen must bring (default: note)")


class EventAnswer(BaseModel):
    event_id: str
    application_no: str
    applied: bool = Field(description="false: an event later than this one was applied already; kept in the trail")
    stage: str = Field(description="the application's stage after the event")
    status: str
    promised_date: str


async def signed_department(request: web.Request, body: bytes) -> str:
    """The department of a correctly signed, fresh request; 401 otherwise."""
    department = request.headers.get("X-Yimen-Department", "")
    timestamp = request.headers.get("X-Yimen-Timestamp", "")
    given = request.headers.get("X-Yimen-Signature", "")
    if not (DEPARTMENT.fullmatch(department) and TIMESTAMP.fullmatch(timestamp) and SIGNATURE.fullmatch(given)):
        raise api_error(401, "unsigned", "缺少部门签名（X-Yimen-Department、X-Yimen-Timestamp、X-Yimen-Signature）。")
    settings = request.app[settings_key]
    key = await department_key(department, settings.dept_key_secret)
    matches = hmac.compare_digest(event_signature(key or DUMMY_KEY, timestamp, body), given)
    fresh = abs(int(timestamp) - request.app[clock_key].now().timestamp()) <= settings.dept_timestamp_window
    if key is None or not matches or not fresh:
        raise api_error(401, *BAD_SIGNATURE)
    return department


async def post_event(request: web.Request) -> web.Response:
    body = await request.read()
    department = await signed_department(request, body)
    form = await read_json(request, EventForm)
    now = request.app[clock_key].now()
    if form.at > now + timedelta(seconds=request.app[settings_key].dept_timestamp_window):
        raise api_error(422, "invalid_input", "请求内容有误：at 晚于当前时间，请核对系统时钟后再试。")
    missing = tuple(form.missing) or ((form.note,) if form.status == "supplement" and form.note else ())
    event = DepartmentEventIn(event_id=form.event_id, application_no=form.application_no, stage=form.stage,
                              status=form.status, at=form.at, note=form.note, missing=missing,
                              reason=form.note if form.status == "rejected" else "")
    fingerprint = hashlib.sha256(canonical(body)).hexdigest()
    try:
        answer, replayed = await receive_event(department, event, fingerprint, now=now)
    except ApplicationNotFound:
        raise api_error(404, *NOT_FOUND) from None
    response = model_response(EventAnswer.model_validate(answer))
    if replayed:
        response.headers["X-Yimen-Replayed"] = "true"
    return response


OPERATIONS = [
    Operation("POST", "/api/dept/v1/events", "post_stage_event", post_event,
              "A stage event from a department's system", "departments", {200: EventAnswer},
              errors=(400, 401, 404, 409, 422), body=EventForm, headers=SignatureHeaders,
              description="Signed with the department's key (see the headers). A repeated event_id is answered "
                          "as the first time; another body under a used event_id is 422 `event_id_reused`. Events "
                          "may come in any order: one older than the latest applied is kept in the trail with "
                          "applied=false. 404: no such application. 409 `closed`: completed or rejected already."),
]
OPENAPI_PATH = "/api/dept/v1/openapi.json"


async def get_openapi(request: web.Request) -> web.Response:
    return web.json_response(openapi_document(
        OPERATIONS, title="Yimen department events API", description=SIGNING))


SIGNING = ("Signing, in Python: `sig = hmac.new(key.encode(), timestamp.encode() + b\"\\n\" + body, "
           "hashlib.sha256).hexdigest()` over the exact bytes sent as the body.")

routes = [web.route(op.method, op.path, op.handler) for op in OPERATIONS]
routes.append(web.get(OPENAPI_PATH, get_openapi))
