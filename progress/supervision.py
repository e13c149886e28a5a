"""Supervision (在线监察): applications at 80 % of their promised time are flagged `warning`, past
their promised date `overdue`, for staff to act on.

Run by a periodic task (tasks.py); idempotent: a flag only goes up ("" → warning → overdue), each
raise is one line in the trail (actor system `progress.supervise`), and a run that finds nothing
new changes nothing. An application waiting for a supplement is not flagged: its clock is stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from core.clock import SHANGHAI

from .applications import Actor, Application, Change, record_line
from .deadlines import working_days_between
from .models import ApplicationRow

WARNING_SHARE = 0.8
SUPERVISOR = Actor("system", "progress.supervise")
LEVELS = {"": 0, "warning": 1, "overdue": 2}


@dataclass(frozen=True, slots=True)
class Flagged:
    warning: int
    overdue: int


def flag_for(row: ApplicationRow, now: datetime) -> str:
    """The flag the application deserves today: "", warning or overdue."""
    today = now.astimezone(SHANGHAI).date()
    if row.status != "in_progress" or row.paused_since is not None or row.promised_days <= 0:
        return ""
    if today > row.promised_on:
        return "overdue"
    used = working_days_between(row.received_on, today) - row.paused_days
    return "warning" if used >= WARNING_SHARE * row.promised_days else ""


async def flag_late_applications(now: datetime) -> Flagged:
    """Raise the flags that are due; how many were raised to each level in this run."""
    raised = {"warning": 0, "overdue": 0}
    for row in await ApplicationRow.filter(status="in_progress", paused_since__isnull=True):
        flag = flag_for(row, now)
        if LEVELS[flag] <= LEVELS[row.flag]:
            continue
        async with in_transaction():
            if not await ApplicationRow.filter(id=row.id, flag=row.flag).update(flag=flag):
                continue  # another run raised it meanwhile
            note = f"承诺{row.promised_on:%Y-%m-%d}办结：" + ("已超期" if flag == "overdue" else "已用时80%")
            await record_line(row, SUPERVISOR, "flagged", Change(row.stage, row.status, now, note=note,
                                                                 details={"flag": flag}), now=now)
        raised[flag] += 1
    return Flagged(**raised)


async def flagged_applications(flag: str | None = None) -> list[Application]:
    """Applications flagged (warning or overdue; or one of them), the most urgent first."""
    rows = ApplicationRow.filter(status__in=("in_progress", "supplement"))
    rows = rows.filter(flag=flag) if flag else rows.exclude(flag="")
    return [Application.of(r) for r in await rows.order_by("promised_on", "id")]
