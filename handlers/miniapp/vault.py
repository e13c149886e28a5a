"""The citizen's vault (材料存档) in the app:

    GET    /api/v1/vault          my kept materials, newest first: kind, the item it was checked for, when,
                                  until when it is valid, whether it can be reused today, and each use logged
    DELETE /api/v1/vault/{id}     delete one (its stripped copy and its row); the uses logged stay as the log

Signed in. Personal data is masked (the ID number never whole, names to their first character); no file
name or path is ever shown. Another citizen's id answers 404 like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from pydantic import BaseModel, Field

from core.clock import SHANGHAI
from prechecks.messages import KIND_NAMES
from prechecks.vault import KeptMaterial, delete_record, masked_fields, vault_of

from ..citizens import citizen_of
from ..keys import catalog_key, clock_key, settings_key
from ..validation import read_path
from .errors import api_error
from .prechecks import PrecheckPath
from .responses import model_response

NOT_FOUND = ("not_found", "存档里没有这份材料（可能已删除），请刷新后再看。")


class VaultUseOut(BaseModel):
    item: str = Field(examples=["temporary_assistance"], description="the item it was reused for")
    item_name: str = Field(examples=["临时救助申请"])
    used_at: str = Field(description="when the citizen consented to this use")
    door: str = Field(examples=["miniapp"], description="where: miniapp, wechat, robot… (empty: not recorded)")


class VaultEntry(BaseModel):
    id: int
    kind: str = Field(examples=["id_back"], description="id_front, id_back, licence, hukou, form, other")
    kind_name: str = Field(examples=["身份证国徽面"])
    item: str | None = Field(description="the item it was checked for; None: checked without an item")
    item_name: str | None
    checked_at: str
    valid_until: str | None = Field(examples=["2036-05-01"],
                                    description="an ID card's expiry as read (ISO date, or 长期); None: has none")
    usable_today: bool = Field(description="can be reused today (accepted and not expired)")
    fields: dict[str, Any] = Field(description="what was read, masked: the ID number never whole")
    uses: list[VaultUseOut] = Field(description="each reuse logged, oldest first")


class VaultList(BaseModel):
    materials: list[VaultEntry]


def entry_of(kept: KeptMaterial, item_names: dict[str, str]) -> VaultEntry:
    r = kept.record
    until = r.read_fields.get("valid_until")
    return VaultEntry(id=r.id, kind=r.kind, kind_name=KIND_NAMES.get(r.kind, "文件"), item=r.item,
                      item_name=item_names.get(r.item or ""), checked_at=r.created_at.isoformat(),
                      valid_until=str(until) if until else None, usable_today=kept.usable,
                      fields=masked_fields(r.read_fields),
                      uses=[VaultUseOut(item=u.item, item_name=item_names.get(u.item, u.item),
                                        used_at=u.used_at.isoformat(), door=u.door) for u in kept.uses])


async def get_vault(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    today = request.app[clock_key].now().astimezone(SHANGHAI).date()
    names = {code: item.name for code, item in request.app[catalog_key].items.items()}
    return model_response(VaultList(materials=[entry_of(k, names) for k in await vault_of(citizen, today)]))


async def delete_vault_material(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    record_id = read_path(request, PrecheckPath, not_found=NOT_FOUND).id
    if not await delete_record(citizen, record_id, request.app[settings_key].uploads_dir):
        raise api_error(404, *NOT_FOUND)
    return web.Response(status=204)
