"""Pre-review (预审) in the app:

    POST   /api/v1/prechecks          multipart: `file` (one image or PDF, 10 MB at most), `item` (optional)
    GET    /api/v1/prechecks          my checked files, newest first (personal fields masked)
    DELETE /api/v1/prechecks/{id}     delete one (its stripped copy and its row): out of the vault at once

Signed in. The check runs in the app's process pool (never on the event loop). A hostile file is a 200
with its refusal code and a Chinese message (nothing kept); a malformed form is a 400, an unknown item a 422.
"""

from __future__ import annotations

import asyncio
import email.errors
import email.policy
import hashlib
from email.parser import BytesParser
from typing import Any

from aiohttp import web
from pydantic import BaseModel, Field

from catalog import Item
from prechecks import Due
from prechecks.checklist import KINDS_OF_TYPE
from prechecks.models import PrecheckRecord
from prechecks.notice import notice_text
from prechecks.vault import checklist_for, delete_record, keep, masked_fields
from progress import add_working_days

from ..citizens import citizen_of
from ..keys import catalog_key, clock_key, precheck_pool_key, settings_key
from ..validation import read_path
from .errors import api_error
from .idempotency import idempotent
from .models import Lenient
from .responses import model_response

NOT_FOUND = ("not_found", "没有找到这份材料，请刷新后再试。")
BAD_FORM = ("bad_form", "请用 multipart/form-data 上传一个文件（字段名 file），可附 item（事项编号）。")
MAX_PARTS = 16
MULTIPART_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["file"], "maxProperties": MAX_PARTS,  # other fields are ignored
    "properties": {"file": {"type": "string", "contentMediaType": "application/octet-stream",
                            "description": "one photo (JPEG, PNG, WebP…) or PDF, at most 10 MB; its type is read "
                                           "from its content, never from its name"},
                   "item": {"type": "string", "pattern": r"^[a-z][a-z0-9_]{1,63}$", "examples": ["id_card_renewal"],
                            "description": "the item the material is for: its checklist is answered"}}}


class PrecheckPath(Lenient):
    id: int = Field(ge=1, le=2**31 - 1)


class MaterialOut(BaseModel):
    material: str = Field(examples=["原居民身份证"])
    status: str = Field(description="passed, problem, missing or by_staff (checked at the window)")
    codes: list[str]
    missing_kinds: list[str] = Field(description="e.g. [\"id_back\"] when only the front was sent")
    reused: bool = Field(description="counted from the vault (a material kept for another item)")


class PrecheckOut(BaseModel):
    id: int | None = Field(description="None: refused, nothing kept")
    item: str | None
    kind: str = Field(examples=["id_front"])
    verdict: str | list[str] = Field(description="\"pass\" or the codes (prechecks/result.py CODES)")
    codes: list[str]
    messages: list[str]
    fields: dict[str, Any] = Field(description="what was read; the ID number and names masked")
    valid_until: str | None
    in_vault: bool = Field(description="kept and reusable for another item")
    staff_verdict: str | None = None
    created_at: str | None

    @classmethod
    def of(cls, r: PrecheckRecord) -> PrecheckOut:
        return cls(id=r.id, item=r.item, kind=r.kind, verdict=list(r.codes) if r.codes else "pass",
                   codes=list(r.codes), messages=list(r.messages), fields=masked_fields(r.read_fields),
                   valid_until=r.valid_until.isoformat() if r.valid_until else None,
                   in_vault=r.accepted and r.file_name is not None, staff_verdict=r.override_verdict,
                   created_at=r.created_at.isoformat())


class PrecheckAnswer(PrecheckOut):
    checklist: list[MaterialOut] | None = Field(description="the item's materials (with `item`)")
    notice: str | None = Field(description="the one-time notice (一次性告知) for the item, as chat says it")


class PrecheckList(BaseModel):
    prechecks: list[PrecheckOut]


def parse_form(content_type: str, body: bytes) -> tuple[bytes, str | None]:
    """The file and the item from a multipart/form-data body; ValueError when it is not one."""
    try:
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("ascii")
        message = BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        if not message.is_multipart() or message.get_content_type() != "multipart/form-data":
            raise ValueError("not multipart/form-data")
        parts = list(message.iter_parts())
        if len(parts) > MAX_PARTS:
            raise ValueError("too many parts")
        file, item = None, None
        for part in parts:
            name = part.get_param("name", header="content-disposition")
            if name == "file" and file is None:
                payload = part.get_payload(decode=True)
                file = payload if isinstance(payload, bytes) else b""
            elif name == "item" and item is None:
                raw = part.get_payload(decode=True)
                item = raw.decode("utf-8").strip() if isinstance(raw, bytes) else None
    except (UnicodeError, LookupError, TypeError, email.errors.MessageError) as exc:
        raise ValueError("malformed form") from exc
    if file is None:
        raise ValueError("no file")
    return file, item or None


async def post_precheck(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    body = await request.read()  # up to the upload limit (handlers/problems.py UPLOAD_LIMITS)
    try:
        data, code = await asyncio.to_thread(parse_form, request.headers.get("Content-Type", ""), body)
    except ValueError:
        raise api_error(400, *BAD_FORM) from None
    item = request.app[catalog_key].items.get(code) if code else None
    if code and item is None:
        raise api_error(422, "unknown_item", "没有这个事项，请从事项列表中选择后再上传。")

    async def produce() -> web.Response:
        return await check_and_answer(request, citizen, data, item)

    content = hashlib.sha256(data).hexdigest().encode() + b" " + (code or "").encode()
    return await idempotent(request, citizen, produce, content=content)


async def check_and_answer(request: web.Request, citizen: str, data: bytes, item: Item | None) -> web.Response:
    now = request.app[clock_key].now()
    today = now.date()
    due = Due(today, add_working_days(today, item.promised_days), True) if item else Due.without_item(today)
    result, stripped = await request.app[precheck_pool_key].check_upload(data, due)
    if stripped is None:  # refused: nothing kept, the refusal said
        return model_response(PrecheckAnswer(
            id=None, item=item.code if item else None, kind=result.kind, verdict=result.verdict,
            codes=list(result.codes), messages=list(result.messages), fields={}, valid_until=None, in_vault=False,
            created_at=None, checklist=None, notice=None))
    record = await keep(citizen, item.code if item else None, result, stripped,
                        request.app[settings_key].uploads_dir, now)
    checklist, notice = None, None
    if item is not None:
        found = await checklist_for(citizen, item, None, today, now)
        reused = {r.kind for r in found.reused}
        checklist = [MaterialOut(material=s.material, status=s.status, codes=list(s.codes),
                                 missing_kinds=list(s.missing_kinds),
                                 reused=any(k in reused for k in KINDS_OF_TYPE.get(m.type, ())))
                     for m, s in zip(item.materials_for(None), found.statuses, strict=True)]
        notice = notice_text(item, None, found)
    out = PrecheckOut.of(record)
    return model_response(PrecheckAnswer(**out.model_dump(), checklist=checklist, notice=notice), status=201)


async def get_prechecks(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    rows = await PrecheckRecord.filter(citizen=citizen).order_by("-id").limit(200)
    return model_response(PrecheckList(prechecks=[PrecheckOut.of(r) for r in rows]))


async def delete_precheck(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    record_id = read_path(request, PrecheckPath, not_found=NOT_FOUND).id
    if not await delete_record(citizen, record_id, request.app[settings_key].uploads_dir):
        raise api_error(404, *NOT_FOUND)
    return web.Response(status=204)
