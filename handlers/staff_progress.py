"""The staff's applications API under /api/staff/v1 (hall windows, back offices without a system).

Auth as the rest of the staff API (handlers/staff_appointments.py): `Authorization: Bearer
<YIMEN_STAFF_TOKEN>`. Until the console brings accounts, who made a change is the optional
`X-Staff-Id` header (letters, digits, '_', '-', '.'; default "staff"), written into the trail.

    POST /api/staff/v1/applications {item, citizen_id, hall, channel}     receive → 201 {number, …}
    POST /api/staff/v1/applications/{number}/changes {stage, status, note, missing, reason}
    GET  /api/staff/v1/applications/{number}                              the application and its trail
    GET  /api/staff/v1/applications?flag=warning|overdue                  flagged by supervision, most urgent first
    GET  /api/staff/v1/complaints[?status=open|answered]                  complaints (投诉), the nearest deadline first
    POST /api/staff/v1/complaints/{id}/reply {reply}                      answer once; pushed to the citizen
    GET  /api/staff/v1/figures                                            per hall and item: 即办率, days, overdue, …
    GET  /api/staff/v1/openapi.json                                       this API's OpenAPI document

The trail can be read, never edited: there is no PUT, PATCH or DELETE on an application or its trail.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from aiohttp import web
from pydantic import BaseModel, Field

from core.privacy import mask_citizen_id
from progress import (
    CATEGORY_NAMES,
    STAGES,
    Actor,
    Application,
    ApplicationNotFound,
    Change,
    Ticket,
    TrailLine,
    application_of,
    change_application,
    complaints,
    figures,
    flagged_applications,
    open_application,
    reply_to_complaint,
    trail_of,
)

from .keys import catalog_key, clock_key
from .miniapp.applications import NOT_FOUND, ApplicationOut, ApplicationPath
from .miniapp.appointments import hall_of, item_of
from .miniapp.idempotency import idempotent
from .miniapp.models import Lenient
from .miniapp.openapi import Operation, openapi_document
from .miniapp.responses import model_response
from .problems import api_error
from .staff_appointments import require_staff, staff_account_key
from .validation import BeijingTime, Strict, read_json, read_path, read_query

STAFF_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")]
StageName = Literal["申请受理", "承办", "审核", "批准", "办结"]
StatusName = Literal["in_progress", "supplement", "completed", "rejected"]
assert STAGES == ("申请受理", "承办", "审核", "批准", "办结")  # StageName spells progress.STAGES


class ApplicationForm(Strict):
    item: Code = Field(examples=["passport"])
    citizen_id: str = Field(min_length=1, max_length=128, pattern=r"^[\x21-\x7e]+$",
                            description="the applicant's Yimen citizen id (only they will see it)")
    hall: Code = Field(examples=["district_center"])
    channel: Literal["hall", "online", "miniapp", "wechat", "robot"] = "hall"


class ChangeForm(Strict):
    stage: StageName
    status: StatusName
    note: str = Field(default="", max_length=500, description="why, kept in the audit trail")
    missing: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=20, description="supplement: what the citizen must bring")
    reason: str = Field(default="", max_length=500, description="rejected: why (the citizen is told)")
    at: BeijingTime | None = Field(default=None, description="when it happened; default now")


class StaffHeaders(BaseModel):
    staff_id: str | None = Field(default=None, alias="X-Staff-Id", pattern=r"^[A-Za-z0-9_.-]{1,64}$",
                                 description="who made the change, kept in the trail; default \"staff\"")


class StaffApplicationOut(ApplicationOut):
    citizen: str = Field(description="masked")
    flag: str = Field(description="supervision: empty, warning (80 % of the promised time used) or overdue")


class TrailLineOut(BaseModel):
    at: str
    recorded_at: str
    actor_kind: str = Field(description="staff, department, citizen or system")
    actor: str
    action: str = Field(description="created, changed, stale (received after a later event: not applied), flagged")
    stage_from: str
    status_from: str
    stage: str
    status: str
    note: str
    details: dict[str, Any]

    @classmethod
    def of(cls, line: TrailLine) -> TrailLineOut:
        return cls(at=line.at.isoformat(), recorded_at=line.recorded_at.isoformat(), actor_kind=line.actor_kind,
                   actor=line.actor, action=line.action, stage_from=line.stage_from, status_from=line.status_from,
                   stage=line.stage, status=line.status, note=line.note, details=line.details)


class FlaggedQuery(Lenient):
    flag: Literal["warning", "overdue"] | None = Field(
        default=None, description="warning: 80 % of the promised time used; overdue: past it; absent: both")


class FlaggedList(BaseModel):
    applications: list[StaffApplicationOut]


class ApplicationWithTrail(BaseModel):
    application: StaffApplicationOut
    trail: list[TrailLineOut]


class ComplaintsQuery(Lenient):
    status: Literal["open", "answered"] | None = None


class ComplaintPath(Lenient):
    id: int = Field(ge=1, le=2**31 - 1)


class ReplyForm(Strict):
    reply: str = Field(min_length=1, max_length=2000, pattern=r"\S", description="sent to the citizen as it is")


class ComplaintOut(BaseModel):
    id: int
    citizen: str = Field(description="masked")
    category: str
    category_name: str
    text: str = Field(description="what the citizen wrote, ID and phone numbers masked")
    application_no: str | None
    opened_at: str
    due_date: str = Field(description="the response deadline (working days)")
    status: str = Field(description="open or answered")
    reply: str
    answered_on_time: bool | None

    @classmethod
    def of(cls, ticket: Ticket) -> ComplaintOut:
        return cls(id=ticket.id, citizen=mask_citizen_id(ticket.citizen), category=ticket.category,
                   category_name=CATEGORY_NAMES.get(ticket.category, ticket.category), text=ticket.text,
                   application_no=ticket.application_no, opened_at=ticket.opened_at.isoformat(),
                   due_date=ticket.due_on.isoformat(), status=ticket.status, reply=ticket.reply,
                   answered_on_time=ticket.answered_on_time)


class FiguresOut(BaseModel):
    hall: str
    item: str
    applications: int
    on_the_spot_rate: float | None = Field(description="即办率: of the completed, the share completed the day received")
    average_working_days: float | None = Field(description="received to 办结, supplement waits left out")
    overdue: int = Field(description="open past the promised date, or completed after it")
    satisfaction: float | None = Field(description="average rating 1-5")
    complaints: int
    answered_on_time_rate: float | None = Field(description="of the answered complaints, the share answered in time")


class FiguresList(BaseModel):
    figures: list[FiguresOut]


class ComplaintList(BaseModel):
    complaints: list[ComplaintOut]


def staff_actor(request: web.Request) -> Actor:
    """The account behind a per-account token; with the shared token, X-Staff-Id (default "staff")."""
    account = request.get(staff_account_key)
    if account is not None:
        return Actor("staff", account.name)
    given = request.headers.get("X-Staff-Id")
    if given is None:
        return Actor("staff", "staff")
    if not STAFF_ID.fullmatch(given):
        raise api_error(400, "invalid_staff_id", "X-Staff-Id 应为1到64个字母、数字或 _ . -。")
    return Actor("staff", given)


def staff_out(app: Application, request: web.Request) -> StaffApplicationOut:
    data = ApplicationOut.of(app, request.app[catalog_key]).model_dump()
    return StaffApplicationOut(citizen=mask_citizen_id(app.citizen), flag=app.flag, **data)


def number_in_path(request: web.Request) -> str:
    return read_path(request, ApplicationPath, not_found=NOT_FOUND).number


async def post_application(request: web.Request) -> web.Response:
    await require_staff(request)
    actor = staff_actor(request)

    async def receive() -> web.Response:
        form = await read_json(request, ApplicationForm)
        catalog = request.app[catalog_key]
        hall, item = hall_of(catalog, form.hall), item_of(catalog, form.item)
        if hall.code not in item.halls:
            raise api_error(422, "item_not_offered", f"{hall.short_name}不受理{item.name}，请核对大厅。")
        app = await open_application(item, hall, form.citizen_id, form.channel, actor=actor,
                                     now=request.app[clock_key].now())
        return model_response(staff_out(app, request), status=201)

    return await idempotent(request, f"staff:{actor.id}", receive)


async def post_change(request: web.Request) -> web.Response:
    await require_staff(request)
    actor = staff_actor(request)
    number = number_in_path(request)
    form = await read_json(request, ChangeForm)
    now = request.app[clock_key].now()
    change = Change(form.stage, form.status, form.at or now, note=form.note, missing=tuple(form.missing),
                    reason=form.reason)
    try:
        app = await change_application(number, change, actor=actor, now=now)
    except ApplicationNotFound:
        raise api_error(404, *NOT_FOUND) from None
    return model_response(staff_out(app, request))


async def get_application(request: web.Request) -> web.Response:
    await require_staff(request)
    number = number_in_path(request)
    try:
        app, trail = await application_of(number), await trail_of(number)
    except ApplicationNotFound:
        raise api_error(404, *NOT_FOUND) from None
    return model_response(ApplicationWithTrail(application=staff_out(app, request),
                                               trail=[TrailLineOut.of(t) for t in trail]))


async def get_flagged(request: web.Request) -> web.Response:
    await require_staff(request)
    query = read_query(request, FlaggedQuery)
    apps = await flagged_applications(query.flag)
    return model_response(FlaggedList(applications=[staff_out(a, request) for a in apps]))


async def get_complaints(request: web.Request) -> web.Response:
    await require_staff(request)
    query = read_query(request, ComplaintsQuery)
    return model_response(ComplaintList(complaints=[ComplaintOut.of(t) for t in await complaints(query.status)]))


async def post_reply(request: web.Request) -> web.Response:
    await require_staff(request)
    actor = staff_actor(request)
    complaint = read_path(request, ComplaintPath, not_found=("not_found", "没有这个投诉编号，请核对后再试。")).id
    form = await read_json(request, ReplyForm)
    ticket = await reply_to_complaint(complaint, form.reply, staff=actor.id, now=request.app[clock_key].now())
    return model_response(ComplaintOut.of(ticket))


async def get_figures(request: web.Request) -> web.Response:
    await require_staff(request)
    found = await figures(request.app[clock_key].now())
    return model_response(FiguresList(figures=[FiguresOut.model_validate(f, from_attributes=True) for f in found]))


OPERATIONS = [
    Operation("GET", "/api/staff/v1/applications", "flagged_applications", get_flagged,
              "Applications flagged by supervision (在线监察), most urgent first", "applications",
              {200: FlaggedList}, errors=(422,), query=FlaggedQuery, auth=True),
    Operation("POST", "/api/staff/v1/applications", "receive_application", post_application,
              "Receive an application (申请受理); a 即办 item is completed at once", "applications",
              {201: StaffApplicationOut, 200: StaffApplicationOut}, errors=(400, 404, 409, 422), body=ApplicationForm,
              headers=StaffHeaders,
              auth=True, idempotent=True,
              description="201 received; the same Idempotency-Key again: the first answer, as 200"),
    Operation("POST", "/api/staff/v1/applications/{number}/changes", "change_application", post_change,
              "Move an application on: stage and/or status (forward only)", "applications",
              {200: StaffApplicationOut}, errors=(400, 404, 409, 422), body=ChangeForm, path_params=ApplicationPath,
              headers=StaffHeaders, auth=True,
              description="409 `stage_backwards` going back, `closed` after 办结 or 不予受理; "
                          "422 `bad_transition` when the stage and status do not fit"),
    Operation("GET", "/api/staff/v1/applications/{number}", "application_with_trail", get_application,
              "An application and its audit trail (read-only)", "applications", {200: ApplicationWithTrail},
              errors=(404,), path_params=ApplicationPath, auth=True),
    Operation("GET", "/api/staff/v1/complaints", "list_complaints", get_complaints,
              "Complaints (投诉), the nearest response deadline first", "complaints", {200: ComplaintList},
              errors=(422,), query=ComplaintsQuery, auth=True),
    Operation("POST", "/api/staff/v1/complaints/{id}/reply", "reply_to_complaint", post_reply,
              "Answer a complaint; the reply is pushed to the citizen", "complaints", {200: ComplaintOut},
              errors=(400, 404, 409, 422), body=ReplyForm, path_params=ComplaintPath, headers=StaffHeaders,
              auth=True, description="409 `closed`: answered already"),
    Operation("GET", "/api/staff/v1/figures", "figures", get_figures,
              "Figures per hall and item for the console (在线监察)", "supervision", {200: FiguresList}, auth=True),
]
OPENAPI_PATH = "/api/staff/v1/openapi.json"


async def get_openapi(request: web.Request) -> web.Response:
    from .staff_notify import OPERATIONS as PUSH_OPERATIONS  # that module builds on this one's staff headers
    from .staff_prechecks import OPERATIONS as PRECHECK_OPERATIONS

    return web.json_response(openapi_document(
        OPERATIONS + PUSH_OPERATIONS + PRECHECK_OPERATIONS,
        title="Yimen staff API: applications, campaigns, dead letters, pre-checks",
        bearer="YIMEN_STAFF_TOKEN",
        description="Every change is written in the application's audit trail, which cannot be edited; "
                    "campaign and dead-letter changes in the staff audit (staff_actions)."))


routes = [web.route(op.method, op.path, op.handler) for op in OPERATIONS]
routes.append(web.get(OPENAPI_PATH, get_openapi))
