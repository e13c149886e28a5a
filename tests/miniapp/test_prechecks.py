"""POST/GET/DELETE /api/v1/prechecks over real HTTP with the generated documents: the checklist fills up
(front, then back, for the situation sent), a second item is offered the vault and reuses it once the
citizen consents, another citizen sees nothing, hostile files are refused with their code (never a 500),
over 10 MB is 413, and a deleted file leaves the disk and the vault."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import aiohttp
import pytest

from core.settings import Settings
from prechecks.models import PrecheckRecord, VaultUse
from tests.prechecks.conftest import documents  # noqa: F401  (the session's generated documents)

STAFF_TOKEN = "staff-token-0123456789abcdef"


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return dataclasses.replace(settings, uploads_dir=str(tmp_path / "uploads"), precheck_workers=1,
                               staff_token=STAFF_TOKEN)


def form(data: bytes, item: str | None = None, name: str = "photo.jpg", situation: str | None = None
         ) -> aiohttp.FormData:
    body = aiohttp.FormData()
    body.add_field("file", data, filename=name, content_type="application/octet-stream")
    if item:
        body.add_field("item", item)
    if situation:
        body.add_field("situation", situation)
    return body


async def upload(client, headers, path: Path, item: str | None = None, key: str | None = None,
                 situation: str | None = None):
    extra = {"Idempotency-Key": key} if key else {}
    return await client.post("/api/v1/prechecks", headers={**headers, **extra},
                             data=form(path.read_bytes(), item, situation=situation))


async def test_front_back_notice_then_vault_reuse_and_owner_only(client, login, documents, settings):  # noqa: F811
    me, other = await login("mini-a"), await login("mini-b")
    front = await upload(client, me["headers"], documents["id_front.jpg"], "id_card_renewal", key="pre-1",
                         situation="local")
    assert front.status == 201, await front.text()
    body = await front.json()
    assert (body["kind"], body["verdict"], body["in_vault"]) == ("id_front", "pass", True)
    assert body["fields"]["id_number"].startswith("4406") and "*" in body["fields"]["id_number"]
    card = body["checklist"][0]
    assert (card["material"], card["status"], card["missing_kinds"]) == ("原居民身份证", "missing", ["id_back"])
    assert "还缺身份证国徽面" in body["notice"]
    # the situation chosen (广东省户籍) brings its own material into the checklist
    assert body["situation"] == "local" and "居民户口簿" in [m["material"] for m in body["checklist"]]
    replay = await upload(client, me["headers"], documents["id_front.jpg"], "id_card_renewal", key="pre-1",
                          situation="local")
    assert replay.status == 200 and replay.headers["Idempotent-Replayed"] == "true"
    assert await PrecheckRecord.filter(citizen=me["citizen_id"]).count() == 1

    back = await (await upload(client, me["headers"], documents["id_back.jpg"], "id_card_renewal")).json()
    assert back["kind"] == "id_back" and back["valid_until"] == "2036-03-07"
    assert back["checklist"][0]["status"] == "passed" and "1. 原居民身份证：通过" in back["notice"]
    record = await PrecheckRecord.get(id=back["id"])
    assert record.read_fields["valid_until"] == "2036-03-07"
    kept = Path(settings.uploads_dir) / (record.file_name or "")
    assert kept.is_file() and kept.read_bytes()[:3] == b"\xff\xd8\xff"

    # A second item needing the ID card: the kept card is offered, not counted, until the citizen consents.
    second = await (await upload(client, me["headers"], documents["hukou.jpg"], "temporary_assistance")).json()
    statuses = {m["material"]: (m["status"], m["reused"], m["offered"]) for m in second["checklist"]}
    assert statuses["申请人居民身份证"] == ("missing", False, [body["id"], back["id"]])
    assert statuses["居民户口簿或居住证"] == ("passed", False, [])
    assert second["offers"][0]["text"] == "您11月核验过的身份证（有效期至2036年）"
    assert "您11月核验过的身份证（有效期至2036年）可直接复用" in second["notice"]
    assert await VaultUse.filter(citizen=me["citizen_id"]).count() == 0
    consent = await client.post("/api/v1/checklists/temporary_assistance/reuses", headers=me["headers"],
                                json={"records": second["offers"][0]["records"]})
    assert consent.status == 201, await consent.text()
    reused = await consent.json()
    card = next(m for m in reused["checklist"] if m["material"] == "申请人居民身份证")
    assert (card["status"], card["reused"], reused["logged"]) == ("passed", True, [body["id"], back["id"]])
    assert "（经您同意，复用已存档的身份证）" in reused["notice"]
    assert await VaultUse.filter(citizen=me["citizen_id"], item="temporary_assistance").count() == 2

    mine = await (await client.get("/api/v1/prechecks", headers=me["headers"])).json()
    assert [p["kind"] for p in mine["prechecks"]] == ["hukou", "id_back", "id_front"]
    assert all("*" in p["fields"].get("id_number", "*") for p in mine["prechecks"])
    theirs = await (await client.get("/api/v1/prechecks", headers=other["headers"])).json()
    assert theirs["prechecks"] == []
    assert (await client.delete(f"/api/v1/prechecks/{back['id']}", headers=other["headers"])).status == 404
    assert (await client.get("/api/v1/prechecks")).status == 401

    deleted = await client.delete(f"/api/v1/prechecks/{back['id']}", headers=me["headers"])
    assert deleted.status == 204 and not kept.exists()
    again = await (await upload(client, me["headers"], documents["form.png"], "temporary_assistance")).json()
    card = next(m for m in again["checklist"] if m["material"] == "申请人居民身份证")
    assert (card["status"], card["missing_kinds"]) == ("missing", ["id_back"])  # the deleted back is gone


async def test_hostile_files_are_refused_not_500(client, login, documents):  # noqa: F811
    me = await login("mini-h")
    for name, code in (("bomb.png", "refuse_bomb"), ("not_an_image.jpg", "refuse_type"), ("empty.jpg", "refuse_empty"),
                       ("truncated.jpg", "refuse_corrupt"), ("bomb.pdf", "refuse_bomb")):
        response = await upload(client, me["headers"], documents[name], "id_card_renewal")
        assert response.status == 200, (name, await response.text())
        body = await response.json()
        assert body["verdict"] == [code] and body["id"] is None and body["messages"], name
    assert await PrecheckRecord.filter(citizen=me["citizen_id"]).count() == 0
    big = await client.post("/api/v1/prechecks", headers=me["headers"], data=form(b"\xff\xd8\xff" + bytes(11 << 20)))
    assert big.status == 413 and (await big.json())["error"]["code"] == "file_too_large"
    not_form = await client.post("/api/v1/prechecks", headers=me["headers"], json={"file": "x"})
    assert not_form.status == 400 and (await not_form.json())["error"]["code"] == "bad_form"
    no_file = aiohttp.FormData()
    no_file.add_field("item", "passport")
    assert (await client.post("/api/v1/prechecks", headers=me["headers"], data=no_file)).status == 400
    unknown = await client.post("/api/v1/prechecks", headers=me["headers"], data=form(b"x", "no_such_item"))
    assert unknown.status == 422
    # other routes keep the app's 1 MB limit
    chat = await client.post("/api/v1/chat/messages", headers=me["headers"], data=b"x" * (2 << 20))
    assert chat.status == 413 and (await chat.json())["error"]["code"] == "too_large"


async def test_prechecks_are_in_the_openapi_document(client):
    doc = await (await client.get("/api/v1/openapi.json")).json()
    post = doc["paths"]["/api/v1/prechecks"]["post"]
    assert "multipart/form-data" in post["requestBody"]["content"] and "413" in post["responses"]
    assert "delete" in doc["paths"]["/api/v1/prechecks/{id}"]


async def test_staff_override_is_kept_with_the_staff_id(client, login, documents):  # noqa: F811
    me = await login("mini-s")
    blurred = await (await upload(client, me["headers"], documents["id_front_blurred.jpg"], "passport")).json()
    assert blurred["verdict"] != "pass" and blurred["in_vault"] is False
    staff = {"Authorization": f"Bearer {STAFF_TOKEN}", "X-Staff-Id": "w-017"}
    path = f"/api/staff/v1/prechecks/{blurred['id']}/override"
    assert (await client.post(path, json={"verdict": "pass", "reason": "原件"}, headers=me["headers"])).status == 401
    done = await client.post(path, json={"verdict": "pass", "reason": "原件已在窗口核验"}, headers=staff)
    assert done.status == 200, await done.text()
    assert (await done.json())["staff_id"] == "w-017"
    record = await PrecheckRecord.get(id=blurred["id"])
    assert (record.override_verdict, record.override_staff, record.accepted) == ("pass", "w-017", True)
    assert (await client.post("/api/staff/v1/prechecks/999/override", json={"verdict": "pass", "reason": "xx"},
                              headers=staff)).status == 404
    doc = await (await client.get("/api/staff/v1/openapi.json", headers=staff)).json()
    assert "post" in doc["paths"]["/api/staff/v1/prechecks/{id}/override"]
