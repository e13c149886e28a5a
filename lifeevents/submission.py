"""One submission of a bundle: the form checked as one, one bundle number, an application per item
received together (progress.open_together: a dependent item waits and starts when its earlier one is
completed), each advancing on its own; one timeline of them all.

Refusals are `BundleRefused` with a stable code and, for a form that does not fit, the problem of
each field (Chinese, for the citizen).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from catalog import Catalog
from core.clock import SHANGHAI
from prechecks.errors import NotOffered
from prechecks.models import PrecheckRecord
from prechecks.vault import consented_for, form_use, kept_fields, log_uses, newest_kept
from progress import STATUS_NAMES, Actor, Application, Together, application_of, open_together, trail_of

from .form import fields_of, prefilled, problems_of, situation_of
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


def vault_kinds(bundle: Bundle, events: LifeEvents) -> frozenset[str]:
    """The kinds of kept file the one form could reuse: those its fields are pre-filled from."""
    return frozenset(f.prefill.partition(".")[0] for f in fields_of(bundle, events) if f.prefill)


def consent_uses(bundle: Bundle) -> list[str]:
    """A consent given for the form, or for one of its items' pre-reviews, covers the form."""
    return [form_use(bundle.code), *(e.item for e in bundle.items)]


async def consented_files(bundle: Bundle, citizen: str, now: datetime) -> set[int]:
    return await consented_for(citizen, consent_uses(bundle), now)


async def vault_offer(bundle: Bundle, events: LifeEvents, citizen: str, now: datetime) -> list[PrecheckRecord]:
    """Kept files that could fill the form (and count as its materials), not consented for it yet:
    the form asks before it uses them (the same consent as a pre-review's, bot/reuse.py)."""
    today = now.astimezone(SHANGHAI).date()
    kinds = vault_kinds(bundle, events) | frozenset(KEPT_KIND.values())
    have = await newest_kept(citizen, kinds, today, await consented_files(bundle, citizen, now))
    newest = await newest_kept(citizen, kinds, today)
    return [r for k, r in newest.items() if k not in have]


async def consent_for_form(bundle: Bundle, events: LifeEvents, citizen: str, record_ids: list[int], now: datetime,
                           *, via: str) -> tuple[int, ...]:
    """The citizen's yes: these kept files fill the form; each newly consented one logged once (a retried
    consent logs nothing). NotOffered, nothing logged, when one is not on offer (not this citizen's,
    deleted, expired, not passed, or not a kind the form uses)."""
    wanted = set(record_ids)
    already = wanted & await consented_files(bundle, citizen, now)
    offered = {r.id for r in await vault_offer(bundle, events, citizen, now)}
    refused = wanted - already - offered
    if refused:
        raise NotOffered(form_use(bundle.code), refused)
    logged = tuple(sorted(wanted - already))
    await log_uses(citizen, form_use(bundle.code), logged, now, via=via)
    return logged


async def form_start(bundle: Bundle, events: LifeEvents, citizen: str, now: datetime) -> dict[str, str]:
    """The answers the citizen's vault gives before anything is asked: only from the files the citizen
    consented to reuse for this form (or for one of its items)."""
    today = now.astimezone(SHANGHAI).date()
    return prefilled(bundle, events, await kept_fields(citizen, today, await consented_files(bundle, citizen, now)))


async def kept_kinds_of(bundle: Bundle, citizen: str, now: datetime) -> frozenset[str]:
    today = now.astimezone(SHANGHAI).date()
    kept = await kept_fields(citizen, today, await consented_files(bundle, citizen, now))
    return frozenset(k for k in kept if k in KEPT_KIND.values())


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
    materials = bundle_materials(bundle, catalog, answers, await kept_kinds_of(bundle, citizen, now))
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
