"""One submission of a bundle: the form checked as one, one bundle number, an application per item
received together (progress.open_together: a dependent item waits and starts when its earlier one is
completed), each advancing on its own; one timeline of them all.

Refusals are `BundleRefused` with a stable code and, for a form that does not fit, the problem of
each field (Chinese, for the citizen).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.transactions import in_transaction

from catalog import Catalog
from core.clock import SHANGHAI
from prechecks.vault import kept_fields
from progress import STATUS_NAMES, Actor, Application, Together, application_of, open_together, trail_of

from .form import prefilled, problems_of, situation_of
from .loader import LifeEvents
from .materials import KEPT_KIND, BundleMaterial, bundle_materials
from .models import BundleMember, BundleSubmission
from .schema import Bundle


class BundleRefused(Exception):
    def __init__(self, code: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(code)
        self.code = code  # unknown_bundle | invalid_form | not_found
        self.problems = problems or {}


@dataclass(frozen=True)
class Submitted:
    number: str
    bundle: Bundle
    applications: list[Application]
    materials: list[BundleMaterial]
    created_at: datetime


@dataclass(frozen=True)
class TimelineLine:
    at: datetime
    application_no: str
    item: str
    stage: str
    status: str
    note: str


def hall_for(bundle: Bundle, catalog: Catalog) -> str:
    """The first hall (in the first item's order) that handles every item of the bundle."""
    common = set.intersection(*(set(catalog.items[e.item].halls) for e in bundle.items))
    return next(h for h in catalog.items[bundle.items[0].item].halls if h in common)


async def form_start(bundle: Bundle, events: LifeEvents, citizen: str, today: date) -> dict[str, str]:
    """The answers the citizen's vault gives before anything is asked."""
    return prefilled(bundle, events, await kept_fields(citizen, today))


async def kept_kinds_of(citizen: str, today: date) -> frozenset[str]:
    return frozenset(k for k in await kept_fields(citizen, today) if k in KEPT_KIND.values())


async def submit_bundle(events: LifeEvents, catalog: Catalog, code: str, citizen: str, answers: dict[str, str],
                        channel: str, *, now: datetime) -> Submitted:
    bundle = events.bundle(code)
    if bundle is None:
        raise BundleRefused("unknown_bundle")
    today = now.astimezone(SHANGHAI).date()
    problems = problems_of(bundle, events, answers, today)
    if problems:
        raise BundleRefused("invalid_form", problems)
    hall = catalog.halls[hall_for(bundle, catalog)]
    position = {e.item: n for n, e in enumerate(bundle.items)}
    entries = [Together(catalog.items[e.item], tuple(position[a] for a in e.after)) for e in bundle.items]
    materials = bundle_materials(bundle, catalog, answers, await kept_kinds_of(citizen, today))
    async with in_transaction():
        apps = await open_together(entries, hall, citizen, channel, actor=Actor("citizen", citizen), now=now)
        number = "YJ" + apps[0].number[2:]
        row = await BundleSubmission.create(number=number, bundle=bundle.code, citizen=citizen, channel=channel,
                                            hall=hall.code, answers=dict(answers),
                                            materials=[m.name for m in materials if not m.kept], created_at=now)
        for n, (entry, app) in enumerate(zip(bundle.items, apps, strict=True)):
            await BundleMember.create(submission_id=row.id, item=entry.item, situation=situation_of(entry, answers),
                                      application_no=app.number, position=n)
    return Submitted(number, bundle, apps, materials, now)


async def _submission(number: str, citizen: str) -> BundleSubmission:
    row = await BundleSubmission.get_or_none(number=number, citizen=citizen) if len(number) <= 16 else None
    if row is None:
        raise BundleRefused("not_found")
    return row


async def submission_of(number: str, citizen: str) -> tuple[BundleSubmission, list[Application]]:
    """A submission of this citizen's and its applications as they stand, in the bundle's order."""
    row = await _submission(number, citizen)
    members = await BundleMember.filter(submission_id=row.id).order_by("position")
    return row, [await application_of(m.application_no, citizen) for m in members]


async def timeline_of(number: str, citizen: str) -> list[TimelineLine]:
    """Every application's trail in one line of time, oldest first."""
    row = await _submission(number, citizen)
    lines = []
    for member in await BundleMember.filter(submission_id=row.id).order_by("position"):
        for t in await trail_of(member.application_no):
            if t.action in ("created", "changed"):
                lines.append(TimelineLine(t.at, member.application_no, member.item, t.stage, t.status, t.note))
    return sorted(lines, key=lambda x: (x.at, x.application_no))


def status_line(app: Application, catalog: Catalog) -> str:
    item = catalog.item(app.item)
    name = item.short_name if item else app.item
    return f"{name}：{app.number}（{app.stage}，{STATUS_NAMES.get(app.status, app.status)}）"
