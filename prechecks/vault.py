"""The citizen's checked files and vault: keep a file's result and its stripped copy, the checklist of an
item counting the kept materials of other items (一次生成、多方复用), delete, and staff's override.

Files are kept under `uploads_dir` (never a public path) by a random name; only the row knows whose it is.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from catalog.schema import Item
from core.privacy import mask_citizen_id, mask_id_number, mask_name

from .checklist import KINDS_OF_TYPE, MaterialStatus, completeness
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


@dataclass(frozen=True)
class Checklist:
    statuses: list[MaterialStatus]
    chosen: dict[str, PrecheckRecord]  # the file of each kind that counts
    reused: list[PrecheckRecord]  # kept materials of other items counted here


async def checklist_for(citizen: str, item: Item, situation: str | None, today: date, now: datetime) -> Checklist:
    """The item's materials against this citizen's files: the newest file of each kind sent for this item,
    else the newest kept (accepted, unexpired) one from the vault, whose reuse is logged."""
    records = await PrecheckRecord.filter(citizen=citizen).order_by("-id")
    needed = {k for m in item.materials_for(situation) for k in KINDS_OF_TYPE.get(m.type, ())}
    chosen: dict[str, PrecheckRecord] = {}
    for record in records:
        if record.item == item.code and record.kind not in chosen and record.override_verdict != "reject":
            chosen[record.kind] = record
    reused = []
    for record in records:
        if record.kind in needed and record.kind not in chosen and in_vault(record, today):
            chosen[record.kind] = record
            reused.append(record)
    for record in reused:
        await VaultUse.create(citizen=citizen, record=record.id, item=item.code, used_at=now)
        log.info("vault reuse: citizen %s record %s for %s", mask_citizen_id(citizen), record.id, item.code)
    return Checklist(completeness(item, situation, [as_result(r) for r in chosen.values()]), chosen, reused)


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


async def kept_fields(citizen: str, today: date) -> dict[str, dict[str, Any]]:
    """The read fields of the newest kept (accepted, unexpired) file of each kind: a form's pre-fill."""
    kept: dict[str, dict[str, Any]] = {}
    for record in await PrecheckRecord.filter(citizen=citizen).order_by("-id"):
        if record.kind not in kept and in_vault(record, today):
            kept[record.kind] = dict(record.read_fields)
    return kept


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
