"""Applications (办件): received, changed stage by stage, read back by their applicant.

Every function takes `now` (from the clock at the edge). A change, its line in the audit trail and
the progress notice to the citizen (notify's outbox) are written in one transaction, so none of the
three exists without the others. Refusals are the named ones of errors.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from tortoise.transactions import in_transaction

from catalog import Hall, Item
from core.clock import SHANGHAI
from notify import enqueue

from .deadlines import promised_on, working_days_between
from .errors import ApplicationNotFound, ChangedMeanwhile
from .models import ApplicationEvent, ApplicationRow
from .numbers import draw_number, is_number, prepare_counter
from .stages import CLOSED, STAGES, check_change, next_stage

ActorKind = Literal["staff", "department", "citizen", "system"]
Channel = Literal["hall", "online", "miniapp", "wechat", "robot"]
CHANGE_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    id: str  # the staff id, the department's id, the citizen id, the task's name


@dataclass(frozen=True, slots=True)
class Application:
    """An application as the rest of the system sees it (the row stays in models.py)."""

    number: str
    item: str
    citizen: str = field(repr=False)
    hall: str
    channel: str
    stage: str
    status: str
    path: tuple[str, ...]
    missing: tuple[str, ...]
    reason: str
    received_on: date
    promised_days: int
    promised_on: date
    clock_paused: bool
    flag: str
    created_at: datetime
    closed_at: datetime | None

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    @property
    def next_stage(self) -> str | None:
        return None if self.closed else next_stage(self.path, self.stage)

    @classmethod
    def of(cls, row: ApplicationRow) -> Application:
        return cls(number=row.number, item=row.item, citizen=row.citizen, hall=row.hall, channel=row.channel,
                   stage=row.stage, status=row.status, path=tuple(row.path), missing=tuple(row.missing),
                   reason=row.reason, received_on=row.received_on, promised_days=row.promised_days,
                   promised_on=row.promised_on, clock_paused=row.paused_since is not None, flag=row.flag,
                   created_at=row.created_at.astimezone(SHANGHAI),
                   closed_at=row.closed_at.astimezone(SHANGHAI) if row.closed_at else None)


@dataclass(frozen=True, slots=True)
class TrailLine:
    at: datetime
    recorded_at: datetime
    actor_kind: str
    actor: str
    action: str
    stage_from: str
    status_from: str
    stage: str
    status: str
    note: str
    details: dict[str, Any]

    @classmethod
    def of(cls, row: ApplicationEvent) -> TrailLine:
        return cls(at=row.at.astimezone(SHANGHAI), recorded_at=row.recorded_at.astimezone(SHANGHAI),
                   actor_kind=row.actor_kind, actor=row.actor, action=row.action, stage_from=row.stage_from,
                   status_from=row.status_from, stage=row.stage, status=row.status, note=row.note,
                   details=dict(row.details))


@dataclass(frozen=True, slots=True)
class Change:
    """What a change asks for."""

    stage: str
    status: str
    at: datetime  # when it happened at the source
    note: str = ""
    missing: tuple[str, ...] = ()  # supplement: what the citizen is asked for
    reason: str = ""  # rejected: why
    details: dict[str, Any] = field(default_factory=dict)  # kept in the trail (a department's event id)


def _shanghai_day(at: datetime) -> date:
    return at.astimezone(SHANGHAI).date()


async def _record(row: ApplicationRow, actor: Actor, action: str, *, stage_from: str, status_from: str,
                  change: Change, now: datetime) -> ApplicationEvent:
    details = dict(change.details)
    if change.missing:
        details["missing"] = list(change.missing)
    if change.reason:
        details["reason"] = change.reason
    return await ApplicationEvent.create(
        application_id=row.id, actor_kind=actor.kind, actor=actor.id, at=change.at, recorded_at=now, action=action,
        stage_from=stage_from, status_from=status_from, stage=change.stage, status=change.status,
        note=change.note[:500], details=details)


async def _notify(row: ApplicationRow, version: int, now: datetime) -> None:
    payload = {"number": row.number, "item": row.item, "stage": row.stage, "status": row.status,
               "promised_on": row.promised_on.isoformat(), "missing": list(row.missing), "reason": row.reason}
    await enqueue("application_progress", row.citizen, payload, due_at=now,
                  dedupe_key=f"application_progress:{row.number}:{version}", now=now)
    if row.status == "completed":  # 好差评: the applicant is asked to rate the service (complaints.py)
        await enqueue("rating_request", row.citizen, {"number": row.number, "item": row.item}, due_at=now,
                      dedupe_key=f"rating_request:{row.number}", now=now)


async def open_application(item: Item, hall: Hall, citizen: str, channel: str, *, actor: Actor,
                           now: datetime) -> Application:
    """Receive an application (申请受理) today; a 即办 item is completed on the spot.

    The promised date is the catalog's promised limit in working days after today. The number, the
    row, the trail and the receipt notice are written in one transaction.
    """
    today = _shanghai_day(now)
    await prepare_counter(today)
    path = [s for s in item.stages if s in STAGES]
    async with in_transaction():
        number = await draw_number(today)
        row = await ApplicationRow.create(
            number=number, item=item.code, citizen=citizen, hall=hall.code, channel=channel, stage="申请受理",
            status="in_progress", path=path, received_on=today, promised_days=item.promised_days,
            promised_on=promised_on(today, item.promised_days, 0), last_event_at=now, created_at=now)
        await _record(row, actor, "created", stage_from="", status_from="",
                      change=Change("申请受理", "in_progress", now), now=now)
        if item.on_the_spot:
            done = Change("办结", "completed", now, note="即办件，当场办结")
            await ApplicationRow.filter(id=row.id).update(stage="办结", status="completed", closed_at=now, version=2)
            await _record(row, actor, "changed", stage_from="申请受理", status_from="in_progress", change=done,
                          now=now)
            row = await ApplicationRow.get(id=row.id)
        await _notify(row, row.version, now)
    return Application.of(row)


async def find_application(number: str, citizen: str | None = None) -> ApplicationRow:
    """The application with that number (the citizen's, if given); else not found, alike."""
    row = await ApplicationRow.get_or_none(number=number) if is_number(number) else None
    if row is None or (citizen is not None and row.citizen != citizen):
        raise ApplicationNotFound()
    return row


async def application_of(number: str, citizen: str | None = None) -> Application:
    return Application.of(await find_application(number, citizen))


async def applications_of(citizen: str) -> list[Application]:
    """The citizen's applications, the latest first."""
    return [Application.of(r) for r in await ApplicationRow.filter(citizen=citizen).order_by("-created_at", "-id")]


async def applications_at(hall: str | None, *, status: str | None = None, limit: int = 200) -> list[Application]:
    """A hall's applications (every hall's with None), the latest first; open ones only unless a status is given."""
    query = ApplicationRow.all() if hall is None else ApplicationRow.filter(hall=hall)
    query = query.filter(status__in=["in_progress", "supplement"]) if status is None else query.filter(status=status)
    return [Application.of(r) for r in await query.order_by("-created_at", "-id").limit(limit)]


async def trail_of(number: str) -> list[TrailLine]:
    """The audit trail of an application, oldest first (read-only: there is no way to edit it)."""
    row = await find_application(number)
    return [TrailLine.of(e) for e in await ApplicationEvent.filter(application_id=row.id).order_by("id")]


def _changed_fields(row: ApplicationRow, change: Change) -> dict[str, Any]:
    day = _shanghai_day(change.at)
    paused_days, paused_since = row.paused_days, row.paused_since
    if row.status == "supplement" and change.status != "supplement" and paused_since is not None:
        paused_days += working_days_between(paused_since, max(day, paused_since))  # the citizen answered
        paused_since = None
    if change.status == "supplement" and row.status != "supplement":
        paused_since = day  # the clock stops
    return {
        "stage": change.stage, "status": change.status,
        "missing": list(change.missing) if change.status == "supplement" else [],
        "reason": change.reason[:500] if change.status == "rejected" else "",
        "paused_days": paused_days, "paused_since": paused_since,
        "promised_on": promised_on(row.received_on, row.promised_days, paused_days),
        "last_event_at": max(change.at, row.last_event_at),
        "closed_at": change.at if change.status in CLOSED else None,
        "version": row.version + 1,
    }


async def apply_change(row: ApplicationRow, change: Change, *, actor: Actor, now: datetime) -> Application:
    """Move `row` (as read) to the change's stage and status, if the stage machine lets it.

    Refusals: ApplicationClosed, StageBackwards, BadTransition; ChangedMeanwhile when another
    change was written since `row` was read (read it again and retry).
    """
    check_change(row.stage, row.status, change.stage, change.status)
    updates = _changed_fields(row, change)
    async with in_transaction():
        if not await ApplicationRow.filter(id=row.id, version=row.version).update(**updates):
            raise ChangedMeanwhile(row.number)
        changed = await ApplicationRow.get(id=row.id)
        await _record(changed, actor, "changed", stage_from=row.stage, status_from=row.status, change=change,
                      now=now)
        await _notify(changed, changed.version, now)
        if changed.status == "completed":
            from .links import start_followers  # links builds on this module

            await start_followers(changed, now)
    return Application.of(changed)


async def change_application(number: str, change: Change, *, actor: Actor, now: datetime) -> Application:
    """A staff change of stage and/or status; a concurrent change is retried a few times."""
    for attempt in range(CHANGE_ATTEMPTS):
        row = await find_application(number)
        try:
            return await apply_change(row, change, actor=actor, now=now)
        except ChangedMeanwhile:
            if attempt == CHANGE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


async def record_stale(row: ApplicationRow, change: Change, *, actor: Actor, now: datetime) -> None:
    """Write down an event that arrived after a later one: received, not applied (it never moves back)."""
    await _record(row, actor, "stale", stage_from=row.stage, status_from=row.status, change=change, now=now)


async def record_line(row: ApplicationRow, actor: Actor, action: str, change: Change, *, now: datetime) -> None:
    """A line in the trail that does not change the stage (a supervision flag)."""
    await _record(row, actor, action, stage_from=row.stage, status_from=row.status, change=change, now=now)
