"""Pre-review (预审) in the app:

    POST   /api/v1/prechecks          multipart: `file` (one image or PDF, 10 MB at most), `item` and
                                      `situation` (optional): with `item`, the item's checklist and notice
    GET    /api/v1/prechecks          my checked files, newest first (personal fields masked)
    DELETE /api/v1/prechecks/{id}     delete one (its stripped copy and its row): out of the vault at once
    GET    /api/v1/checklists/{code}?situation=     my checklist for an item, with the kept materials of
                                                    other items offered for reuse (not counted yet)
    POST   /api/v1/checklists/{code}/reuses {records, situation}   the citizen's consent to reuse those kept
                                                    files for this item: counted from now on, each use logged once

Signed in. The check runs in the app's process pool (never on the event loop). A hostile file is a 200
with its refusal code and a Chinese message (nothing kept); a malformed form is a 400, an unknown item or
a situation the item does not have a 422 (404 in a path); a consent naming a file not on offer a 422.
"""

from __future__ import annotations

import asyncio
import email.errors
import email.policy
import hashlib
from email.parser import BytesParser
from typing import Annotated, Any

from aiohttp import web
from pydantic import BaseModel, Field

from catalog import Item
from prechecks import Due
from prechecks.checklist import KINDS_OF_TYPE
from prechecks.errors import NotOffered
from prechecks.models import PrecheckRecord
from prechecks.notice import APP_CONSENT, notice_text, offer_text
from prechecks.vault import Checklist, Offer, checklist_for, consent_to_reuse, delete_record, keep, masked_fields
from progress import add_working_days

from ..citizens import citizen_of
from ..keys import catalog_key, clock_key, precheck_pool_key, settings_key
from ..validation import Strict, read_json, read_path, read_query
from .errors import api_error
from .idempotency import idempotent
from .models import ItemPath, Lenient
from .responses import model_response

NOT_FOUND = ("not_found", "没有找到这份材料，请刷新后再试。")
BAD_FORM = ("bad_form",
            "请用 multipart/form-data 上传一个文件（字段名 file），可附 item（事项编号）和 situation（情形）。")
UNKNOWN_ITEM = ("unknown_item", "没有这个事项，请从事项列表里选择。")
SITUATION_WITHOUT_ITEM = ("unknown_situation", "situation（情形）要和 item（事项编号）一起传。")
MAX_PARTS = 16
MAX_REUSES = 8
SITUATION_PATTERN = r"^[a-z][a-z0-9_]{1,63}$"
SITUATION_TEXT = ("the item's situation (办事情形, a code from GET /api/v1/catalog/items/{code}): its materials are "
                  "counted too; without it, only the materials every situation needs; one the item does not have: "
                  "422 `unknown_situation`")
MULTIPART_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["file"], "maxProperties": MAX_PARTS,  # other fields are ignored
    "properties": {"file": {"type": "string", "contentMediaType": "application/octet-stream",
                            "description": "one photo (JPEG, PNG, WebP…) or PDF, at most 10 MB; its type is read "
                                           "from its content, never from its name"},
                   "item": {"type": "string", "pattern": r"^[a-z][a-z0-9_]{1,63}$", "examples": ["id_card_renewal"],
                            "description": "the item the material is for: its checklist is answered"},
                   "situation": {"type": "string", "pattern": SITUATION_PATTERN, "examples": ["local"],
                                 "description": SITUATION_TEXT + "; only with `item`"}}}


class PrecheckPath(Lenient):
    id: int = Field(ge=1, le=2**31 - 1)


class MaterialOut(BaseModel):
    material: str = Field(examples=["原居民身份证"])
    status: str = Field(description="passed, problem, missing or by_staff (checked at the window)")
    codes: list[str]
    missing_kinds: list[str] = Field(description="e.g. [\"id_back\"] when only the front was sent")
    reused: bool = Field(description="counted from the vault (a material kept for another item), with the "
                                     "citizen's consent")
    offered: list[int] = Field(description="kept files of other items that could stand for it (their ids): "
                                           "counted only after POST /api/v1/checklists/{code}/reuses with them")


class OfferOut(BaseModel):
    records: list[int] = Field(description="the kept files (their ids), one per kind; consent with "
                                           "POST /api/v1/checklists/{code}/reuses")
    type: str = Field(examples=["id_card"], description="the material type they stand for")
    kinds: list[str] = Field(examples=[["id_front", "id_back"]])
    text: str = Field(examples=["您3月核验过的身份证（有效期至2036年）"],
                      description="the offer, as the notice says it")
    checked_at: str = Field(description="when the newest of them was checked")
    valid_until: str | None = Field(description="an ID card's expiry as read (ISO date, or 长期)")

    @classmethod
    def of(cls, offer: Offer, checklist: Checklist) -> OfferOut:
        return cls(records=list(offer.ids), type=offer.type, kinds=list(offer.kinds),
                   text=offer_text(offer, checklist.today), checked_at=offer.checked_at.isoformat(),
                   valid_until=offer.valid_until)


class ChecklistOut(BaseModel):
    item: str
    situation: str | None
    checklist: list[MaterialOut]
    offers: list[OfferOut] = Field(description="kept materials of other items that could be reused, once the "
                                               "citizen consents; until then their materials stay missing")
    notice: str = Field(description="the one-time notice (一次性告知) for the item")


class ReuseAnswer(ChecklistOut):
    logged: list[int] = Field(description="the files whose reuse this consent logged; empty: all were consented "
                                          "already (a retried consent logs nothing again)")


class ChecklistQuery(Lenient):
    situation: Annotated[str, Field(pattern=SITUATION_PATTERN, examples=["local"], description=SITUATION_TEXT)] \
        | None = None


RecordId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class ReuseForm(Strict):
    records: list[RecordId] = Field(min_length=1, max_length=MAX_REUSES, examples=[[12, 13]],
                                    description="kept files to reuse for this item: ids from `offers` (the "
                                                "citizen's consent, for this item only); one not on offer: 422 "
                                                "`not_offered`, and none is taken")
    situation: Annotated[str, Field(pattern=SITUATION_PATTERN, examples=["local"], description=SITUATION_TEXT)] \
        | None = None


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
    situation: str | None = Field(default=None, description="the situation the checklist is for (with `item`)")
    checklist: list[MaterialOut] | None = Field(description="the item's materials (with `item`)")
    offers: list[OfferOut] | None = Field(default=None, description="kept materials of other items offered for "
                                                                    "reuse (with `item`): counted only with consent")
    notice: str | None = Field(description="the one-time notice (一次性告知) for the item, as chat says it")


class PrecheckList(BaseModel):
    prechecks: list[PrecheckOut]


def parse_form(content_type: str, body: bytes) -> tuple[bytes, str | None, str | None]:
    """The file, the item and the situation from a multipart/form-data body; ValueError when it is not one."""
    try:
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("ascii")
        message = BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        if not message.is_multipart() or message.get_content_type() != "multipart/form-data":
            raise ValueError("not multipart/form-data")
        parts = list(message.iter_parts())
        if len(parts) > MAX_PARTS:
            raise ValueError("too many parts")
        file, texts = None, {}
        for part in parts:
            name = part.get_param("name", header="content-disposition")
            if name == "file" and file is None:
                payload = part.get_payload(decode=True)
                file = payload if isinstance(payload, bytes) else b""
            elif name in ("item", "situation") and name not in texts:
                raw = part.get_payload(decode=True)
                texts[name] = raw.decode("utf-8").strip() if isinstance(raw, bytes) else ""
    except (UnicodeError, LookupError, TypeError, email.errors.MessageError) as exc:
        raise ValueError("malformed form") from exc
    if file is None:
        raise ValueError("no file")
    return file, texts.get("item") or None, texts.get("situation") or None


def situation_of(item: Item, code: str | None) -> str | None:
    """The situation named, if it is one of the item's: else 422 `unknown_situation`, naming the choices."""
    if code is None or code in {s.code for s in item.situations}:
        return code
    if not item.situations:
        raise api_error(422, "unknown_situation", f"【{item.name}】不分情形，请不要传 situation。")
    choices = "、".join(f"{s.code}（{s.name}）" for s in item.situations)
    raise api_error(422, "unknown_situation", f"【{item.name}】没有这种情形，可选：{choices}。")


def checklist_out(item: Item, situation: str | None, found: Checklist) -> ChecklistOut:
    reused = {r.kind for r in found.reused}
    materials = [MaterialOut(material=s.material, status=s.status, codes=list(s.codes),
                             missing_kinds=list(s.missing_kinds),
                             reused=any(k in reused for k in KINDS_OF_TYPE.get(m.type, ())),
                             offered=list(offer.ids) if (offer := found.offer_for(m)) and s.status != "passed" else [])
                 for m, s in zip(item.materials_for(situation), found.statuses, strict=True)]
    return ChecklistOut(item=item.code, situation=situation, checklist=materials,
                        offers=[OfferOut.of(o, found) for o in found.offers],
                        notice=notice_text(item, situation, found, consent=APP_CONSENT))


async def post_precheck(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    body = await request.read()  # up to the upload limit (handlers/problems.py UPLOAD_LIMITS)
    try:
        data, code, said = await asyncio.to_thread(parse_form, request.headers.get("Content-Type", ""), body)
    except ValueError:
        raise api_error(400, *BAD_FORM) from None
    item = request.app[catalog_key].items.get(code) if code else None
    if code and item is None:
        raise api_error(422, "unknown_item", "没有这个事项，请从事项列表中选择后再上传。")
    if said is not None and item is None:
        raise api_error(422, *SITUATION_WITHOUT_ITEM)
    situation = situation_of(item, said) if item is not None else None

    async def produce() -> web.Response:
        return await check_and_answer(request, citizen, data, item, situation)

    content = hashlib.sha256(data).hexdigest().encode() + f" {code or ''} {situation or ''}".encode()
    return await idempotent(request, citizen, produce, content=content)


async def check_and_answer(request: web.Request, citizen: str, data: bytes, item: Item | None,
                           situation: str | None = None) -> web.Response:
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
    out = PrecheckOut.of(record).model_dump()
    if item is None:
        return model_response(PrecheckAnswer(**out, checklist=None, notice=None), status=201)
    listed = checklist_out(item, situation, await checklist_for(citizen, item, situation, today, now))
    return model_response(PrecheckAnswer(**out, situation=situation, checklist=listed.checklist, offers=listed.offers,
                                         notice=listed.notice), status=201)


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


def item_in_path(request: web.Request) -> Item:
    code = read_path(request, ItemPath, not_found=UNKNOWN_ITEM).code
    item = request.app[catalog_key].items.get(code)
    if item is None:
        raise api_error(404, *UNKNOWN_ITEM)
    return item


async def get_checklist(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    item = item_in_path(request)
    situation = situation_of(item, read_query(request, ChecklistQuery).situation)
    now = request.app[clock_key].now()
    found = await checklist_for(citizen, item, situation, now.date(), now)
    return model_response(checklist_out(item, situation, found))


async def post_reuse(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    item = item_in_path(request)

    async def produce() -> web.Response:
        form = await read_json(request, ReuseForm)
        situation = situation_of(item, form.situation)
        now = request.app[clock_key].now()
        try:
            reuse = await consent_to_reuse(citizen, item, situation, form.records, now.date(), now, via="miniapp")
        except NotOffered as exc:
            ids = "、".join(str(r) for r in exc.records)
            raise api_error(422, "not_offered", f"材料{ids}不在本事项可复用的范围内（可能已删除、已过期、未通过预审，"
                                                "或本事项用不上），没有复用任何材料。请刷新清单后再试。") from None
        listed = checklist_out(item, situation, reuse.checklist)
        return model_response(ReuseAnswer(**listed.model_dump(), logged=list(reuse.logged)),
                              status=201 if reuse.logged else 200)

    return await idempotent(request, citizen, produce)
