"""The staff's push API under /api/staff/v1: campaigns and dead letters (the console's pages: console/).

Auth and `X-Staff-Id` as the rest of the staff API (handlers/staff_progress.py); every change is
written in the staff audit (staff_actions). The operations are in the staff OpenAPI document.

    POST /api/staff/v1/campaigns {item, topic, message, segment}   a draft, with its count → 201
    GET  /api/staff/v1/campaigns/{id}                               the campaign and its progress
    GET  /api/staff/v1/campaigns/{id}/preview                       the count and a rendered sample
    POST /api/staff/v1/campaigns/{id}/schedule {send_at?}           rows queued (quiet hours respected)
    POST /api/staff/v1/campaigns/{id}/cancel                        the rows not yet sending withdrawn
    GET  /api/staff/v1/dead-letters?before=&limit=                  failed and unknown pushes, newest first
    POST /api/staff/v1/dead-letters/{id}/retry {note?}              again (never a refusal: 43101)
    POST /api/staff/v1/dead-letters/{id}/drop {reason}              given up
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from aiohttp import web
from pydantic import BaseModel, Field, field_validator, model_validator

from core.privacy import mask_citizen_id
from notify import dead_letters, shipped_rules
from notify.campaigns import CampaignError, Segment, cancel, create, preview, progress, schedule, segment_citizens
from notify.letters import drop, retry
from notify.models import Campaign, Outbox
from notify.reports import final_refusal
from notify.rules import NOT_REMINDERS, DateFact

from .keys import catalog_key, clock_key
from .miniapp.appointments import hall_of, item_of
from .miniapp.idempotency import idempotent
from .miniapp.models import Lenient
from .miniapp.openapi import Operation
from .miniapp.responses import model_response
from .problems import api_error
from .staff_appointments import require_staff
from .staff_progress import StaffHeaders, staff_actor
from .validation import EARLIEST, LATEST, BeijingTime, Strict, read_json, read_path, read_query

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")]
NO_CAMPAIGN = ("not_found", "没有这个活动编号，请核对后再试。")
NO_LETTER = ("not_found", "没有这条消息，请核对编号后再试。")


def campaign_topics() -> list[str]:
    """The topics a campaign may need consent for: the rules' (a yes to all counts for each)."""
    return sorted({r.topic for r in shipped_rules().rules if r.trigger.kind not in NOT_REMINDERS})


class SegmentForm(Strict):
    fact: DateFact | None = Field(default=None, description="citizens with this fact (e.g. id_card_expires_on)…")
    on_from: date | None = Field(default=None, description="…dated on or after this day")
    on_to: date | None = Field(default=None, description="…dated on or before this day")
    hall: Code | None = Field(default=None, description="citizens who booked or applied at this hall")

    @model_validator(mode="after")
    def _range(self) -> SegmentForm:
        for day in (self.on_from, self.on_to):
            if day is not None and not EARLIEST <= day <= LATEST:
                raise ValueError("dates between 2000 and 2099")
        if (self.on_from or self.on_to) and self.fact is None:
            raise ValueError("on_from/on_to need a fact")
        if self.on_from and self.on_to and self.on_from > self.on_to:
            raise ValueError("on_from after on_to")
        return self


class CampaignForm(Strict):
    item: Code = Field(description="the catalog item the message leads to", examples=["id_card_renewal"])
    topic: Code = Field(description="only citizens who said yes to this topic (or to all) are reached",
                        examples=["id_card"])
    message: str = Field(min_length=4, max_length=200, pattern=r"\S",
                         description="Chinese; the next step is added (回复… / 不要再提醒了)")
    segment: SegmentForm = Field(default_factory=SegmentForm)

    @field_validator("topic")
    @classmethod
    def _known(cls, topic: str) -> str:
        if topic not in campaign_topics():
            raise ValueError(f"one of {campaign_topics()}")
        return topic


class ScheduleForm(Strict):
    send_at: BeijingTime | None = Field(default=None, description="default now; 21:00-08:00 moves to 08:00")


class RetryForm(Strict):
    note: str = Field(default="", max_length=200, description="why, kept in the audit")


class DropForm(Strict):
    reason: str = Field(min_length=1, max_length=200, pattern=r"\S", description="why, kept in the audit")


class CampaignPath(Lenient):
    id: int = Field(ge=1, le=2**31 - 1)


class LettersQuery(Lenient):
    before: int | None = Field(default=None, ge=1, le=2**31 - 1, description="ids below this one (the next page)")
    limit: int = Field(default=50, ge=1, le=200)


class ProgressOut(BaseModel):
    status: dict[str, int] = Field(description="rows by status: pending, sent, skipped, failed, cancelled, …")
    delivery: dict[str, int] = Field(description="the platform's reports: success, failed:user block, …")


class CampaignOut(BaseModel):
    id: int
    item: str
    topic: str
    message: str
    segment: dict[str, Any]
    status: str = Field(description="draft, scheduled or cancelled")
    send_at: str | None
    queued: int = Field(description="rows written when scheduled")
    created_by: str
    created_at: str
    cancelled_at: str | None
    count: int | None = Field(default=None, description="consenting followers in the segment now (drafts)")
    progress: ProgressOut

    @classmethod
    async def of(cls, c: Campaign, *, count: int | None = None) -> CampaignOut:
        return cls(id=c.id, item=c.item, topic=c.topic, message=c.message, segment=c.segment, status=c.status,
                   send_at=c.send_at.isoformat() if c.send_at else None, queued=c.queued, created_by=c.created_by,
                   created_at=c.created_at.isoformat(),
                   cancelled_at=c.cancelled_at.isoformat() if c.cancelled_at else None, count=count,
                   progress=ProgressOut(**await progress(c.id)))


class PreviewOut(BaseModel):
    count: int
    text: str = Field(description="as a chat (customer-service) message")
    data: dict[str, str] = Field(description="as a subscribe message's fields")


class LetterOut(BaseModel):
    id: int
    kind: str
    citizen: str = Field(description="masked")
    status: str = Field(description="failed, unknown (the platform may have it), pending after a retry, dropped")
    error: str | None
    delivery: str | None
    attempts: int
    channel: str | None
    campaign: int | None
    due_at: str
    retriable: bool = Field(description="false for a refusal (43101, user block): never sent again")

    @classmethod
    def of(cls, row: Outbox) -> LetterOut:
        return cls(id=row.id, kind=row.kind, citizen=mask_citizen_id(row.citizen), status=row.status,
                   error=row.error, delivery=row.delivery, attempts=row.attempts, channel=row.channel,
                   campaign=row.campaign, due_at=row.due_at.isoformat(), retriable=not final_refusal(row))


class LetterList(BaseModel):
    letters: list[LetterOut]


def _refused(exc: CampaignError) -> web.HTTPException:
    return api_error(409, exc.code, exc.message)


async def _campaign(request: web.Request) -> Campaign:
    cid = read_path(request, CampaignPath, not_found=NO_CAMPAIGN).id
    campaign = await Campaign.get_or_none(id=cid)
    if campaign is None:
        raise api_error(404, *NO_CAMPAIGN)
    return campaign


async def post_campaign(request: web.Request) -> web.Response:
    await require_staff(request)
    actor = staff_actor(request)

    async def produce() -> web.Response:
        form = await read_json(request, CampaignForm)
        catalog = request.app[catalog_key]
        item = item_of(catalog, form.item)
        if form.segment.hall is not None:
            hall_of(catalog, form.segment.hall)
        seg = Segment(**form.segment.model_dump())
        campaign = await create(item=item.code, topic=form.topic, message=form.message, segment=seg,
                                staff=actor.id, now=request.app[clock_key].now())
        count = len(await segment_citizens(campaign))
        return model_response(await CampaignOut.of(campaign, count=count), status=201)

    return await idempotent(request, f"staff:{actor.id}", produce)


async def get_campaign(request: web.Request) -> web.Response:
    await require_staff(request)
    campaign = await _campaign(request)
    count = len(await segment_citizens(campaign)) if campaign.status == "draft" else None
    return model_response(await CampaignOut.of(campaign, count=count))


async def get_preview(request: web.Request) -> web.Response:
    await require_staff(request)
    campaign = await _campaign(request)
    count, message = await preview(campaign, shipped_rules(), request.app[catalog_key])
    return model_response(PreviewOut(count=count, text=message.text, data=message.data))


async def post_schedule(request: web.Request) -> web.Response:
    await require_staff(request)
    actor = staff_actor(request)
    campaign = await _campaign(request)

    async def produce() -> web.Response:
        form = await read_json(request, ScheduleForm)
        now = request.app[clock_key].now()
        try:
            scheduled = await schedule(campaign.id, form.send_at or now, staff=actor.id, now=now)
        except CampaignError as exc:
            raise _refused(exc) from None
        return model_response(await CampaignOut.of(scheduled))

    return await idempotent(request, f"staff:{actor.id}", produce)


async def post_cancel(request: web.Request) -> web.Response:
    await require_staff(request)
    actor = staff_actor(request)
    campaign = await _campaign(request)

    async def produce() -> web.Response:
        try:
            cancelled, _ = await cancel(campaign.id, staff=actor.id, now=request.app[clock_key].now())
        except CampaignError as exc:
            raise _refused(exc) from None
        return model_response(await CampaignOut.of(cancelled))

    return await idempotent(request, f"staff:{actor.id}", produce)


async def get_letters(request: web.Request) -> web.Response:
    await require_staff(request)
    query = read_query(request, LettersQuery)
    rows = await dead_letters(query.limit, before=query.before)
    return model_response(LetterList(letters=[LetterOut.of(r) for r in rows]))


def _letter_id(request: web.Request) -> int:
    return read_path(request, CampaignPath, not_found=NO_LETTER).id


async def post_retry(request: web.Request) -> web.Response:
    await require_staff(request)
    actor = staff_actor(request)
    row_id = _letter_id(request)

    async def produce() -> web.Response:
        form = await read_json(request, RetryForm)
        try:
            row = await retry(row_id, staff=actor.id, now=request.app[clock_key].now(), note=form.note)
        except CampaignError as exc:
            raise _refused(exc) from None
        return model_response(LetterOut.of(row))

    return await idempotent(request, f"staff:{actor.id}", produce)


async def post_drop(request: web.Request) -> web.Response:
    await require_staff(request)
    actor = staff_actor(request)
    row_id = _letter_id(request)

    async def produce() -> web.Response:
        form = await read_json(request, DropForm)
        try:
            row = await drop(row_id, staff=actor.id, reason=form.reason, now=request.app[clock_key].now())
        except CampaignError as exc:
            raise _refused(exc) from None
        return model_response(LetterOut.of(row))

    return await idempotent(request, f"staff:{actor.id}", produce)


REPLAY = "the same Idempotency-Key again: the first answer (a 201 as 200)"
OPERATIONS = [
    Operation("POST", "/api/staff/v1/campaigns", "create_campaign", post_campaign,
              "A campaign draft: item, topic (consent), message, segment; with its count", "campaigns",
              {201: CampaignOut, 200: CampaignOut}, errors=(400, 404, 409, 422), body=CampaignForm,
              headers=StaffHeaders, auth=True, idempotent=True,
              description="Only citizens who said yes to the topic (or to all) and follow the official account "
                          f"are counted; the broadcast (群发) is never used. {REPLAY}"),
    Operation("GET", "/api/staff/v1/campaigns/{id}", "get_campaign", get_campaign,
              "A campaign and its progress (rows by status, the platform's delivery reports)", "campaigns",
              {200: CampaignOut}, errors=(404,), path_params=CampaignPath, auth=True),
    Operation("GET", "/api/staff/v1/campaigns/{id}/preview", "preview_campaign", get_preview,
              "The count and the message as the first citizen would get it", "campaigns", {200: PreviewOut},
              errors=(404,), path_params=CampaignPath, auth=True),
    Operation("POST", "/api/staff/v1/campaigns/{id}/schedule", "schedule_campaign", post_schedule,
              "Queue the campaign's pushes (one per citizen), due at send_at out of the quiet hours", "campaigns",
              {200: CampaignOut}, errors=(400, 404, 409, 422), body=ScheduleForm, path_params=CampaignPath,
              headers=StaffHeaders, auth=True, idempotent=True,
              description="409 `not_draft` when scheduled or cancelled already; the dispatcher checks consent, "
                          f"the daily cap and the channels again before each send. {REPLAY}"),
    Operation("POST", "/api/staff/v1/campaigns/{id}/cancel", "cancel_campaign", post_cancel,
              "Cancel: pushes not yet sending are withdrawn", "campaigns", {200: CampaignOut},
              errors=(404, 409), path_params=CampaignPath, headers=StaffHeaders, auth=True, idempotent=True,
              description=f"409 `not_cancellable` when cancelled already. {REPLAY}"),
    Operation("GET", "/api/staff/v1/dead-letters", "dead_letters", get_letters,
              "Pushes that will not go by themselves (failed, unknown), newest first", "dead letters",
              {200: LetterList}, errors=(422,), query=LettersQuery, auth=True),
    Operation("POST", "/api/staff/v1/dead-letters/{id}/retry", "retry_dead_letter", post_retry,
              "Send a dead letter again (audited)", "dead letters", {200: LetterOut},
              errors=(400, 404, 409, 422), body=RetryForm, path_params=CampaignPath, headers=StaffHeaders,
              auth=True, idempotent=True,
              description="409 `refused_by_citizen` for a refusal (43101, user block): never sent again; "
                          f"409 `not_dead_letter` when it is not failed or unknown. {REPLAY}"),
    Operation("POST", "/api/staff/v1/dead-letters/{id}/drop", "drop_dead_letter", post_drop,
              "Give a dead letter up (audited)", "dead letters", {200: LetterOut}, errors=(400, 404, 409, 422),
              body=DropForm, path_params=CampaignPath, headers=StaffHeaders, auth=True, idempotent=True,
              description=f"409 `not_dead_letter` when it is not failed or unknown. {REPLAY}"),
]

routes = [web.route(op.method, op.path, op.handler) for op in OPERATIONS]
