"""Stage events from departments' systems: accepted once, in any order, never moving back.

The handler has checked the signature and the body's shape. Here:
- an event id seen before from the same department is answered as the first time (the same body),
  or refused (EventIdReused) when the body differs;
- an event for an unknown number is ApplicationNotFound (nothing is kept, so a retry once the
  application exists goes through);
- an event older than the latest applied department event on the application (its `at` is
  earlier), or behind the current stage, or repeating the current stage and status, is written in
  the trail as `stale` and changes nothing: events may arrive out of order and never move an
  application backwards. Departments' times are compared with departments' times only, so a
  department's clock a little behind Yimen's does not make its first event look old;
- otherwise the stage machine applies it (its refusals: ApplicationClosed, BadTransition).
The event id, the change, its trail line and the citizen's notice are one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from .applications import Actor, Application, Change, apply_change, find_application, record_stale
from .errors import ChangedMeanwhile, EventIdReused
from .models import ApplicationRow, DepartmentEvent
from .stages import is_behind

ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class DepartmentEventIn:
    event_id: str
    application_no: str
    stage: str
    status: str
    at: datetime
    note: str = ""
    missing: tuple[str, ...] = ()
    reason: str = ""


async def is_stale(row: ApplicationRow, event: DepartmentEventIn) -> bool:
    if is_behind(row.stage, event.stage) or (event.stage, event.status) == (row.stage, row.status):
        return True
    return await DepartmentEvent.exists(application_no=row.number, applied=True, at__gt=event.at)


def answer_of(event: DepartmentEventIn, application: Application | ApplicationRow, applied: bool) -> dict[str, Any]:
    promised = application.promised_on
    return {"event_id": event.event_id, "application_no": event.application_no, "applied": applied,
            "stage": application.stage, "status": application.status, "promised_date": promised.isoformat()}


async def _earlier(department: str, event: DepartmentEventIn, fingerprint: str) -> dict[str, Any] | None:
    seen = await DepartmentEvent.get_or_none(department=department, event_id=event.event_id)
    if seen is None:
        return None
    if seen.fingerprint != fingerprint:
        raise EventIdReused(event.event_id)
    return dict(seen.answer)


async def receive_event(department: str, event: DepartmentEventIn, fingerprint: str, *,
                        now: datetime) -> tuple[dict[str, Any], bool]:
    """The answer to the event, and whether it is a replay of an earlier delivery."""
    actor = Actor("department", department)
    change = Change(event.stage, event.status, event.at, note=event.note, missing=event.missing,
                    reason=event.reason, details={"event_id": event.event_id})
    for attempt in range(ATTEMPTS):
        if (earlier := await _earlier(department, event, fingerprint)) is not None:
            return earlier, True
        row = await find_application(event.application_no)
        try:
            async with in_transaction():
                stale = await is_stale(row, event)
                if stale:
                    await record_stale(row, change, actor=actor, now=now)
                    answer = answer_of(event, row, applied=False)
                else:
                    answer = answer_of(event, await apply_change(row, change, actor=actor, now=now), applied=True)
                await DepartmentEvent.create(department=department, event_id=event.event_id,
                                             application_no=row.number, at=event.at, applied=not stale,
                                             fingerprint=fingerprint, answer=answer, received_at=now)
            return answer, False
        except IntegrityError:  # a twin delivery won: its answer is there now
            continue
        except ChangedMeanwhile:  # another change won: read the application again
            if attempt == ATTEMPTS - 1:
                raise
    if (earlier := await _earlier(department, event, fingerprint)) is not None:
        return earlier, True
    raise ChangedMeanwhile(event.application_no)
