"""The citizen's checked files and vault: keep a file's result and its stripped copy, the checklist of an
item, the kept materials of other items offered for it and counted only with the citizen's consent
(一次生成、多方复用, each use logged), delete, and staff's override.

Files are kept under `uploads_dir` (never a public path) by a random name; only the row knows whose it is.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from catalog.schema import Item, Material
from core.privacy import mask_citizen_id, mask_id_number, mask_name
from progress.deadlines import add_working_days

from .checklist import KINDS_OF_TYPE, MaterialStatus, completeness
from .errors import NotOffered
from .models import PrecheckRecord, VaultUse
from .result import Result

log = logging.getLogger(__name__)
MASKED = {"id_number": mask_id_number, "name": mask_name, "legal_representative": mask_name}
HIDDEN = {"address"}  # not shown at all in a list: the citizen knows it, a shoulder-surfer need not


def masked_fields(fields: dict[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for name, value in fields.items():
        if name in HIDDEN and value:
            shown[name] = str(value)[:3] + "…"
        elif name in MASKED and isinstance(value, str) and value:
            shown[name] = MASKED[name](value)
        else:
            shown[name] = value
    return shown


def valid_until_of(result: Result) -> date | None:
    until = result.fields.get("valid_until")
    try:
        return date.fromisoformat(until) if until and until != "长期" else None
    except ValueError:
        return None


async def keep(citizen: str, item: str | None, result: Result, stripped: bytes | None, uploads_dir: str,
               now: datetime) -> PrecheckRecord:
    """The row, and the stripped copy written under a random name (only for a file that was not refused)."""
    file_name = None
    if stripped is not None:
        folder = Path(uploads_dir)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        file_name = secrets.token_hex(16) + ".jpg"
        fd = os.open(folder / file_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(stripped)
    return await PrecheckRecord.create(citizen=citizen, item=item, kind=result.kind, codes=list(result.codes),
                                       messages=list(result.messages), read_fields=result.fields, file_name=file_name,
                                       valid_until=valid_until_of(result), created_at=now)


def as_result(record: PrecheckRecord) -> Result:
    codes = () if record.override_verdict == "pass" else tuple(record.codes)
    return Result(record.kind, codes, record.read_fields, tuple(record.messages))  # type: ignore[arg-type]


def in_vault(record: PrecheckRecord, today: date) -> bool:
    return record.accepted and record.file_name is not None and (
        record.valid_until is None or record.valid_until >= today)


def due_day(item: Item, today: date) -> date:
    """The item's promised completion day (today + its time limit in working days): a reused card must
    still be valid on it."""
    return add_working_days(today, item.promised_days)


def expires_before(record: PrecheckRecord, day: date) -> bool:
    return record.valid_until is not None and record.valid_until < day


def short_cards(vault: list[PrecheckRecord], due: date) -> list[PrecheckRecord]:
    """Per material type, the newest kept file that expires before `due` when no kept file of its kind is
    still valid on that day (newest first in, one per type out)."""
    valid_kinds = {r.kind for r in vault if not expires_before(r, due)}
    short: dict[str, PrecheckRecord] = {}
    for material_type, kinds in KINDS_OF_TYPE.items():
        for record in vault:
            if record.kind in kinds and record.kind not in valid_kinds and expires_before(record, due):
                short.setdefault(material_type, record)
    return list(short.values())


# A consent covers one pre-review of the item: its checklists count the file for this long, then the vault
# offers it again (a later application of the same item is another use, asked for again).
CONSENT_HOLDS = timedelta(days=30)


@dataclass(frozen=True)
class Offer:
    """Kept files that could stand for a material of one type: counted only once the citizen consents."""

    type: str  # the material type: id_card, household_register, business_licence
    records: tuple[PrecheckRecord, ...]  # the newest kept file of each of its kinds not sent for the item

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(r.id for r in self.records)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(r.kind for r in self.records)

    @property
    def checked_at(self) -> datetime:
        return max(r.created_at for r in self.records)

    @property
    def valid_until(self) -> str | None:
        """An ID card's expiry as read (an ISO date, or 长期); None: the kind has none."""
        return next((str(r.read_fields["valid_until"]) for r in self.records if r.read_fields.get("valid_until")),
                    None)


@dataclass(frozen=True)
class Checklist:
    statuses: list[MaterialStatus]
    chosen: dict[str, PrecheckRecord]  # the file of each kind that counts
    reused: list[PrecheckRecord]  # kept files of other items counted here, with the citizen's consent
    offers: list[Offer] = field(default_factory=list)  # kept files that count once the citizen consents
    today: date | None = None
    # kept files not offered because they expire before the item's promised completion day (`due`)
    too_short: list[PrecheckRecord] = field(default_factory=list)
    due: date | None = None

    @property
    def offered(self) -> set[int]:
        return {i for offer in self.offers for i in offer.ids}

    def offer_for(self, material: Material) -> Offer | None:
        if not material.reusable:
            return None
        return next((o for o in self.offers if o.type == material.type), None)


@dataclass(frozen=True)
class Reuse:
    checklist: Checklist  # with the consented files counted
    logged: tuple[int, ...]  # the files whose reuse this consent logged; empty: all were consented already


def assemble(item: Item, situation: str | None, records: list[PrecheckRecord], consented: set[int],
             today: date) -> Checklist:
    """The checklist from the citizen's files, newest first (no I/O): the newest file of each kind sent for
    this item; else, for a material the catalog marks reusable, a kept (accepted, unexpired) file of another
    item — counted when the citizen consented to its reuse for this item, otherwise offered."""
    chosen: dict[str, PrecheckRecord] = {}
    for record in records:
        if record.item == item.code and record.kind not in chosen and record.override_verdict != "reject":
            chosen[record.kind] = record
    materials = item.materials_for(situation)
    reusable = {k for m in materials if m.reusable for k in KINDS_OF_TYPE.get(m.type, ())}
    vault = [r for r in records if r.kind in reusable and r.kind not in chosen and in_vault(r, today)]
    due = due_day(item, today)
    too_short = short_cards(vault, due)
    short_kinds = {k for r in too_short for t, kinds in KINDS_OF_TYPE.items() if r.kind in kinds for k in kinds}
    # a card whose back expires too soon is not offered at all: not even its front
    kept = [r for r in vault if not expires_before(r, due) and r.kind not in short_kinds]
    reused: list[PrecheckRecord] = []
    for record in kept:
        if record.id in consented and record.kind not in chosen:
            chosen[record.kind] = record
            reused.append(record)
    offered: dict[str, PrecheckRecord] = {}
    for record in kept:
        if record.kind not in chosen and record.kind not in offered:
            offered[record.kind] = record
    types = dict.fromkeys(m.type for m in materials if m.reusable and m.type in KINDS_OF_TYPE)
    offers = [Offer(t, tuple(offered[k] for k in KINDS_OF_TYPE[t] if k in offered)) for t in types
              if any(k in offered for k in KINDS_OF_TYPE[t])]
    statuses = completeness(item, situation, [as_result(r) for r in chosen.values()])
    return Checklist(statuses, chosen, reused, offers, today, too_short, due)


async def consented_records(citizen: str, item: str, now: datetime) -> set[int]:
    """The kept files this citizen consented to reuse for this item, within CONSENT_HOLDS."""
    rows = await VaultUse.filter(citizen=citizen, item=item, used_at__gte=now - CONSENT_HOLDS)
    return {row.record for row in rows}


async def checklist_for(citizen: str, item: Item, situation: str | None, today: date, now: datetime) -> Checklist:
    """The item's materials against this citizen's files. Reads only: a kept file of another item is
    counted only after `consent_to_reuse`; until then it is offered (`Checklist.offers`) and the
    material stays missing."""
    records = await PrecheckRecord.filter(citizen=citizen).order_by("-id")
    return assemble(item, situation, records, await consented_records(citizen, item.code, now), today)


async def consent_to_reuse(citizen: str, item: Item, situation: str | None, record_ids: Iterable[int],
                           today: date, now: datetime, *, via: str) -> Reuse:
    """The citizen's consent, given for this use: these kept files count for this item. Each newly
    consented file is one `precheck_vault_uses` row (the row is the record of the consent) and a log line;
    a file consented already (a retried consent) logs nothing again. NotOffered, and nothing logged, when
    any of them is not on offer for the item (not this citizen's, deleted, expired, rejected, not needed)."""
    records = await PrecheckRecord.filter(citizen=citizen).order_by("-id")
    consented = await consented_records(citizen, item.code, now)
    before = assemble(item, situation, records, consented, today)
    wanted = set(record_ids)
    already = wanted & {r.id for r in before.reused}
    refused = wanted - already - before.offered
    if refused:
        raise NotOffered(item.code, refused)
    logged = tuple(sorted(wanted - already))
    await log_uses(citizen, item.code, logged, now, via=via)
    return Reuse(assemble(item, situation, records, consented | set(logged), today), logged)


async def delete_record(citizen: str, record_id: int, uploads_dir: str) -> bool:
    """The row and its file; False when it is not this citizen's."""
    record = await PrecheckRecord.get_or_none(id=record_id, citizen=citizen)
    if record is None:
        return False
    if record.file_name:
        (Path(uploads_dir) / record.file_name).unlink(missing_ok=True)
    await record.delete()
    return True


async def override(record_id: int, verdict: str, reason: str, staff: str, now: datetime) -> PrecheckRecord | None:
    record = await PrecheckRecord.get_or_none(id=record_id)
    if record is None:
        return None
    record.override_verdict, record.override_reason, record.override_staff = verdict, reason, staff
    record.overridden_at = now
    await record.save()
    return record


async def consented_for(citizen: str, uses: Iterable[str], now: datetime) -> set[int]:
    """The kept files this citizen consented to reuse for any of these uses (item codes, or a life
    event's form: `form_use`), within CONSENT_HOLDS."""
    rows = await VaultUse.filter(citizen=citizen, item__in=list(uses), used_at__gte=now - CONSENT_HOLDS)
    return {row.record for row in rows}


def form_use(bundle: str) -> str:
    """The use a life event's one form logs: its code, marked so it is never taken for an item's."""
    return f"form:{bundle}"[:64]


async def newest_kept(citizen: str, kinds: Iterable[str], today: date,
                      only: set[int] | None = None) -> dict[str, PrecheckRecord]:
    """The newest kept (accepted, unexpired) file of each of these kinds; with `only`, among those files."""
    wanted, kept = set(kinds), {}
    for record in await PrecheckRecord.filter(citizen=citizen, kind__in=list(wanted)).order_by("-id"):
        if record.kind not in kept and in_vault(record, today) and (only is None or record.id in only):
            kept[record.kind] = record
    return kept


async def kept_fields(citizen: str, today: date, only: set[int]) -> dict[str, dict[str, Any]]:
    """The read fields of the newest kept file of each kind among `only` (the files the citizen consented
    to reuse for this use): a form's pre-fill."""
    rows = await PrecheckRecord.filter(citizen=citizen, id__in=list(only)).order_by("-id") if only else []
    kept: dict[str, dict[str, Any]] = {}
    for record in rows:
        if record.kind not in kept and in_vault(record, today):
            kept[record.kind] = dict(record.read_fields)
    return kept


async def log_uses(citizen: str, use: str, record_ids: Iterable[int], now: datetime, *, via: str) -> None:
    for record_id in record_ids:
        await VaultUse.create(citizen=citizen, record=record_id, item=use, used_at=now, door=via)
        log.info("vault reuse consented via %s: citizen %s record %s for %s", via, mask_citizen_id(citizen),
                 record_id, use)


@dataclass(frozen=True)
class KeptMaterial:
    """One material in the citizen's vault, for the citizen to see: usable today or not, and its uses."""

    record: PrecheckRecord
    usable: bool  # accepted and not expired today: offered for reuse
    uses: list[VaultUse]  # oldest first


def is_kept(record: PrecheckRecord) -> bool:
    """In the vault, expired or not: accepted, with its stripped copy kept."""
    return record.accepted and record.file_name is not None


async def vault_of(citizen: str, today: date, limit: int = 200) -> list[KeptMaterial]:
    """The citizen's kept materials, newest first, each with the uses logged for it."""
    rows = await PrecheckRecord.filter(citizen=citizen, file_name__isnull=False).order_by("-id").limit(limit * 2)
    records = [r for r in rows if is_kept(r)][:limit]
    uses: dict[int, list[VaultUse]] = {}
    if records:
        for use in await VaultUse.filter(citizen=citizen, record__in=[r.id for r in records]).order_by("used_at",
                                                                                                      "id"):
            uses.setdefault(use.record, []).append(use)
    return [KeptMaterial(r, in_vault(r, today), uses.get(r.id, [])) for r in records]


REVIEW_STATUSES = ("waiting", "passed", "rejected")


async def records_to_review(status: str = "waiting", limit: int = 100) -> list[PrecheckRecord]:
    """For staff: `waiting`: not overridden and not accepted by the machine (a problem was found),
    newest first; `passed` / `rejected`: overridden so, the latest override first."""
    if status == "passed" or status == "rejected":
        verdict = "pass" if status == "passed" else "reject"
        return await PrecheckRecord.filter(override_verdict=verdict).order_by("-overridden_at").limit(limit)
    rows = await PrecheckRecord.filter(override_verdict=None).order_by("-id").limit(limit * 5)
    return [r for r in rows if not r.accepted][:limit]


async def record_of(record_id: int) -> PrecheckRecord | None:
    return await PrecheckRecord.get_or_none(id=record_id)


def file_path(record: PrecheckRecord, uploads_dir: str) -> Path | None:
    """The stripped copy on disk, if one was kept and is still there."""
    if not record.file_name:
        return None
    path = Path(uploads_dir) / record.file_name
    return path if path.is_file() else None
