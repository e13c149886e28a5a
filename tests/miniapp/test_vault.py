"""GET /api/v1/vault and DELETE /api/v1/vault/{id} over real HTTP: the citizen's kept materials with what
each was checked for, its expiry, whether it is usable today and its uses (item, when, door), masked (the
ID number never whole, no file name); a deletion removes the file and the row and keeps the uses as the
log; another citizen's id, a deleted one and hostile ids are 404, never a 500. Kept files are rows (no OCR)
with a real file on disk."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pytest

from core.clock import SHANGHAI
from core.settings import Settings
from prechecks.models import PrecheckRecord, VaultUse

MARCH = datetime(2026, 3, 12, 15, 0, tzinfo=SHANGHAI)
ID_NUMBER = "440106199003071234"


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return dataclasses.replace(settings, uploads_dir=str(tmp_path / "uploads"))


async def kept(settings: Settings, citizen: str, kind: str, fields: dict, *, item: str | None = "id_card_renewal",
               valid_until: str | None = None, codes: tuple[str, ...] = ()) -> PrecheckRecord:
    folder = Path(settings.uploads_dir)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{kind}{len(list(folder.iterdir()))}abcdef0123456789.jpg"
    (folder / name).write_bytes(b"\xff\xd8 a kept copy")
    return await PrecheckRecord.create(
        citizen=citizen, item=item, kind=kind, codes=list(codes), messages=[],
        read_fields=fields | ({"valid_until": valid_until} if valid_until else {}), file_name=name,
        valid_until=date.fromisoformat(valid_until) if valid_until and valid_until != "长期" else None,
        created_at=MARCH)


FRONT = {"name": "张三丰", "sex": "男", "birth": "1990-03-07", "address": "广州市越秀区某路1号", "id_number": ID_NUMBER}


async def test_the_vault_lists_kept_materials_masked_with_expiry_and_uses(client, login, settings):
    me = await login("vault-a")
    front = await kept(settings, me["citizen_id"], "id_front", FRONT)
    back = await kept(settings, me["citizen_id"], "id_back", {"issuing_authority": "广州市公安局"},
                      valid_until="2026-01-31")  # expired before the clock's today
    hukou = await kept(settings, me["citizen_id"], "hukou", {"name": "张三丰", "id_number": ID_NUMBER}, item=None)
    await kept(settings, me["citizen_id"], "hukou", {}, codes=("blurred",))  # not accepted: not in the vault
    await VaultUse.create(citizen=me["citizen_id"], record=front.id, item="temporary_assistance", used_at=MARCH,
                          door="miniapp")
    response = await client.get("/api/v1/vault", headers=me["headers"])
    assert response.status == 200, await response.text()
    assert response.headers["Cache-Control"] == "no-store"
    text = await response.text()
    assert ID_NUMBER not in text and "张三丰" not in text and "abcdef0123456789" not in text and ".jpg" not in text
    materials = (await response.json())["materials"]
    assert [m["id"] for m in materials] == [hukou.id, back.id, front.id]
    shown_front = materials[2]
    assert shown_front | {"fields": None} == {
        "id": front.id, "kind": "id_front", "kind_name": "身份证人像面", "item": "id_card_renewal",
        "item_name": shown_front["item_name"], "checked_at": MARCH.isoformat(), "valid_until": None,
        "usable_today": True, "fields": None,
        "uses": [{"item": "temporary_assistance", "item_name": materials[2]["uses"][0]["item_name"],
                  "used_at": MARCH.isoformat(), "door": "miniapp"}]}
    assert shown_front["fields"]["id_number"] == "4401**********1234"
    assert shown_front["fields"]["name"] == "张**"
    assert (materials[1]["valid_until"], materials[1]["usable_today"]) == ("2026-01-31", False)
    assert (materials[0]["item"], materials[0]["item_name"], materials[0]["usable_today"]) == (None, None, True)


async def test_delete_removes_file_and_row_keeps_the_log_and_is_owner_only(client, login, settings):
    me, other = await login("vault-b"), await login("vault-c")
    front = await kept(settings, me["citizen_id"], "id_front", FRONT)
    await VaultUse.create(citizen=me["citizen_id"], record=front.id, item="passport", used_at=MARCH, door="wechat")
    on_disk = Path(settings.uploads_dir) / str(front.file_name)
    theirs = await client.delete(f"/api/v1/vault/{front.id}", headers=other["headers"])
    assert theirs.status == 404 and (await theirs.json())["error"]["code"] == "not_found"
    assert on_disk.exists() and await PrecheckRecord.filter(id=front.id).exists()

    deleted = await client.delete(f"/api/v1/vault/{front.id}", headers=me["headers"])
    assert deleted.status == 204 and not on_disk.exists()
    assert not await PrecheckRecord.filter(id=front.id).exists()
    assert [(u.record, u.item, u.door) for u in await VaultUse.all()] == [(front.id, "passport", "wechat")]
    again = await client.delete(f"/api/v1/vault/{front.id}", headers=me["headers"])
    assert again.status == 404  # deleted already: as the rest of the API, 204 then 404
    assert (await (await client.get("/api/v1/vault", headers=me["headers"])).json())["materials"] == []


@pytest.mark.parametrize("hostile", ["0", "-1", "abc", "1.5", "99999999999999999999", "%00", "1%20OR%201=1",
                                     "..%2F..%2Fetc%2Fpasswd", "１"])
async def test_hostile_ids_are_404_not_500(client, login, hostile):
    me = await login("vault-d")
    response = await client.delete(f"/api/v1/vault/{hostile}", headers=me["headers"])
    assert response.status == 404, await response.text()
    assert (await response.json())["error"]["code"] == "not_found"


async def test_signed_out_is_401_and_both_are_in_the_openapi_document(client):
    assert (await client.get("/api/v1/vault")).status == 401
    assert (await client.delete("/api/v1/vault/1")).status == 401
    doc = await (await client.get("/api/v1/openapi.json")).json()
    assert "get" in doc["paths"]["/api/v1/vault"] and "delete" in doc["paths"]["/api/v1/vault/{id}"]
