"""Figures for the console, per hall and item: 即办率, average working days to 办结, overdue count,
average satisfaction and complaints answered on time. Computed from the tables on demand."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from core.clock import SHANGHAI

from .deadlines import working_days_between
from .models import ApplicationRow, Complaint, Rating


@dataclass(frozen=True, slots=True)
class Figures:
    hall: str
    item: str
    applications: int
    on_the_spot_rate: float | None  # 即办率: completed the day received, of those completed
    average_working_days: float | None  # received to 办结, supplement waits left out
    overdue: int  # open and past the promised date, or completed after it
    satisfaction: float | None  # average 1-5
    complaints: int
    answered_on_time_rate: float | None  # of the answered complaints


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


async def figures(now: datetime) -> list[Figures]:
    today = now.astimezone(SHANGHAI).date()
    groups: dict[tuple[str, str], list[ApplicationRow]] = defaultdict(list)
    for row in await ApplicationRow.all():
        groups[(row.hall, row.item)].append(row)
    scores: dict[int, int] = dict(await Rating.all().values_list("application_id", "score"))
    by_place: dict[tuple[str, str], list[Complaint]] = defaultdict(list)
    for complaint in await Complaint.exclude(hall=None).exclude(item=None):
        by_place[(complaint.hall or "", complaint.item or "")].append(complaint)
    found = []
    for (hall, item), rows in sorted(groups.items()):
        done = [r for r in rows if r.status == "completed" and r.closed_at is not None]
        days = [working_days_between(r.received_on, r.closed_at.astimezone(SHANGHAI).date()) - r.paused_days
                for r in done if r.closed_at]
        overdue = sum(1 for r in rows if (r.status in ("in_progress", "supplement") and today > r.promised_on)
                      or (r in done and r.closed_at and r.closed_at.astimezone(SHANGHAI).date() > r.promised_on))
        rated = [scores[r.id] for r in rows if r.id in scores]
        complaints = by_place.get((hall, item), [])
        answered = [c for c in complaints if c.replied_at is not None]
        on_time = sum(1 for c in answered if c.replied_at and c.replied_at.astimezone(SHANGHAI).date() <= c.due_on)
        found.append(Figures(
            hall=hall, item=item, applications=len(rows),
            on_the_spot_rate=_share(sum(1 for d in days if d <= 0), len(done)),
            average_working_days=round(sum(max(d, 0) for d in days) / len(days), 1) if days else None,
            overdue=overdue, satisfaction=round(sum(rated) / len(rated), 2) if rated else None,
            complaints=len(complaints), answered_on_time_rate=_share(on_time, len(answered))))
    return found
