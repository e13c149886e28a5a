"""GET /api/v1/checklists/{code} and POST /api/v1/checklists/{code}/reuses over real HTTP: a kept card is
offered and stays missing until the citizen consents; the consent counts it and logs each file once (a
retry, with or without its Idempotency-Key, logs nothing again); what is not on offer, a situation the
item does not have and malformed input are 4xx with a reason. Kept files are made as rows (no OCR)."""

from __future__ import annotations

from datetime import date, datetime

import aiohttp

from core.clock import SHANGHAI
from prechecks.models import PrecheckRecord, VaultUse

MARCH = datetime(2026, 3, 12, 15, 0, tzinfo=SHANGHAI)


async def kept(citizen: str, kind: str, *, item: str = "id_card_renewal", valid_until: str | None = None,
               codes: tuple[str, ...] = ()) -> int:
    record = await PrecheckRecord.create(
        citizen=citizen, item=item, kind=kind, codes=list(codes), messages=[],
        read_fields={"valid_until": valid_until} if valid_until else {}, file_name="kept.jpg",
        valid_until=date.fromisoformat(valid_until) if valid_until else None, created_at=MARCH)
    return record.id


async def card(citizen: str) -> list[int]:
    return [await kept(citizen, "id_front"), await kept(citizen, "id_back", valid_until="2030-05-01")]


def material(body, name: str) -> dict:
    return next(m for m in body["checklist"] if m["material"] == name)


async def error_of(response: aiohttp.ClientResponse) -> tuple[int, str, str]:
    body = await response.json()
    return response.status, body["error"]["code"], body["error"]["message"]


async def test_offered_not_counted_then_counted_and_logged_once_with_consent(client, login):
    me = await login("reuse-a")
    ids = await card(me["citizen_id"])
    listed = await client.get("/api/v1/checklists/temporary_assistance", headers=me["headers"])
    assert listed.status == 200, await listed.text()
    body = await listed.json()
    assert material(body, "申请人居民身份证") | {"codes": []} == {
        "material": "申请人居民身份证", "status": "missing", "codes": [], "missing_kinds": ["id_front", "id_back"],
        "reused": False, "offered": ids}
    assert body["offers"] == [{"records": ids, "type": "id_card", "kinds": ["id_front", "id_back"],
                               "text": "您3月核验过的身份证（有效期至2030年）", "checked_at": MARCH.isoformat(),
                               "valid_until": "2030-05-01"}]
    assert "您3月核验过的身份证（有效期至2030年）可直接复用" in body["notice"] and "同意复用" in body["notice"]
    assert listed.headers["Cache-Control"] == "no-store"
    assert await VaultUse.all().count() == 0

    path = "/api/v1/checklists/temporary_assistance/reuses"
    first = await client.post(path, headers=me["headers"] | {"Idempotency-Key": "reuse-1"}, json={"records": ids})
    assert first.status == 201, await first.text()
    done = await first.json()
    assert done["logged"] == ids and done["offers"] == []
    card_now = material(done, "申请人居民身份证")
    assert (card_now["status"], card_now["reused"]) == ("passed", True)
    replay = await client.post(path, headers=me["headers"] | {"Idempotency-Key": "reuse-1"}, json={"records": ids})
    assert replay.status == 200 and replay.headers["Idempotent-Replayed"] == "true"
    retried = await client.post(path, headers=me["headers"], json={"records": ids[::-1]})  # no key: still once
    assert retried.status == 200 and (await retried.json())["logged"] == []
    uses = await VaultUse.filter(citizen=me["citizen_id"]).order_by("record")
    assert [(u.record, u.item) for u in uses] == [(i, "temporary_assistance") for i in ids]
    after = await (await client.get("/api/v1/checklists/temporary_assistance", headers=me["headers"])).json()
    assert material(after, "申请人居民身份证")["status"] == "passed"
    assert await VaultUse.all().count() == 2  # reading the checklist again logs nothing


async def test_what_is_not_on_offer_is_422_and_nothing_is_taken(client, login):
    me, other = await login("reuse-b"), await login("reuse-c")
    ids = await card(me["citizen_id"])
    theirs = await kept(other["citizen_id"], "hukou")
    blurred = await kept(me["citizen_id"], "hukou", codes=("blurred",))
    form = await kept(me["citizen_id"], "form")
    path = "/api/v1/checklists/temporary_assistance/reuses"
    for wrong in (theirs, blurred, form, 2**31 - 1):
        status, code, message = await error_of(await client.post(path, headers=me["headers"],
                                                                 json={"records": [ids[0], wrong]}))
        assert (status, code) == (422, "not_offered") and str(wrong) in message and "没有复用任何材料" in message
    assert await VaultUse.all().count() == 0
    deleted = await client.delete(f"/api/v1/prechecks/{ids[1]}", headers=me["headers"])
    assert deleted.status == 204
    listed = await client.get("/api/v1/checklists/temporary_assistance", headers=me["headers"])
    offers = (await listed.json())["offers"]
    assert [o["records"] for o in offers] == [[ids[0]]]  # the deleted back is no longer offered
    status, code, _ = await error_of(await client.post(path, headers=me["headers"], json={"records": [ids[1]]}))
    assert (status, code) == (422, "not_offered")
    # the consent is the citizen's own: another citizen cannot consent to my files
    status, code, _ = await error_of(await client.post(path, headers=other["headers"], json={"records": [ids[0]]}))
    assert (status, code) == (422, "not_offered")


async def test_the_situation_is_validated_against_the_item(client, login):
    me = await login("reuse-d")
    hukou = await kept(me["citizen_id"], "hukou", item="temporary_assistance")
    local = await (await client.get("/api/v1/checklists/id_card_renewal?situation=local", headers=me["headers"])).json()
    assert local["situation"] == "local" and material(local, "居民户口簿")["offered"] == [hukou]
    plain = await (await client.get("/api/v1/checklists/id_card_renewal", headers=me["headers"])).json()
    assert plain["situation"] is None and "居民户口簿" not in [m["material"] for m in plain["checklist"]]
    status, code, message = await error_of(await client.get("/api/v1/checklists/id_card_renewal?situation=minor",
                                                            headers=me["headers"]))
    assert (status, code) == (422, "unknown_situation") and "local（广东省户籍）" in message
    status, code, message = await error_of(await client.get(
        "/api/v1/checklists/resident_pension_enroll?situation=local", headers=me["headers"]))
    assert (status, code) == (422, "unknown_situation") and "不分情形" in message
    path = "/api/v1/checklists/id_card_renewal/reuses"
    status, code, _ = await error_of(await client.post(path, headers=me["headers"],
                                                       json={"records": [hukou], "situation": "other_province"}))
    assert (status, code) == (422, "not_offered")  # 外省户籍 needs no household register
    status, code, _ = await error_of(await client.post(path, headers=me["headers"],
                                                       json={"records": [hukou], "situation": "nowhere"}))
    assert (status, code) == (422, "unknown_situation")
    done = await client.post(path, headers=me["headers"], json={"records": [hukou], "situation": "local"})
    assert done.status == 201 and material(await done.json(), "居民户口簿")["status"] == "passed"

    upload = aiohttp.FormData()
    upload.add_field("file", b"not a photo", filename="x.jpg", content_type="application/octet-stream")
    upload.add_field("situation", "local")
    status, code, _ = await error_of(await client.post("/api/v1/prechecks", headers=me["headers"], data=upload))
    assert (status, code) == (422, "unknown_situation")  # a situation without its item
    upload = aiohttp.FormData()
    upload.add_field("file", b"not a photo", filename="x.jpg", content_type="application/octet-stream")
    upload.add_field("item", "id_card_renewal")
    upload.add_field("situation", "minor")
    status, code, _ = await error_of(await client.post("/api/v1/prechecks", headers=me["headers"], data=upload))
    assert (status, code) == (422, "unknown_situation")


async def test_bad_input_is_4xx_with_a_reason(client, login):
    me = await login("reuse-e")
    path = "/api/v1/checklists/temporary_assistance/reuses"
    for body, wanted in (({"records": []}, "invalid_input"), ({"records": [0]}, "invalid_input"),
                         ({"records": ["x"]}, "invalid_input"), ({"records": list(range(1, 10))}, "invalid_input"),
                         ({"records": [1], "extra": 1}, "invalid_input"), ({}, "invalid_input"),
                         ({"records": [1], "situation": "Bad Code"}, "invalid_input")):
        status, code, message = await error_of(await client.post(path, headers=me["headers"], json=body))
        assert (status, code) == (422, wanted) and message, body
    not_json = await client.post(path, headers=me["headers"], data=b"{")
    assert (await error_of(not_json))[:2] == (400, "invalid_json")
    assert (await error_of(await client.post("/api/v1/checklists/no_such_item/reuses", headers=me["headers"],
                                             json={"records": [1]})))[:2] == (404, "unknown_item")
    assert (await error_of(await client.get("/api/v1/checklists/NOPE", headers=me["headers"])))[:2] == (
        404, "unknown_item")
    blank = await client.get("/api/v1/checklists/passport?situation=%20", headers=me["headers"])
    assert (await error_of(blank))[:2] == (422, "invalid_input")
    assert (await client.get("/api/v1/checklists/passport")).status == 401
    assert (await client.post(path, json={"records": [1]})).status == 401


async def test_the_checklist_and_the_consent_are_in_the_openapi_document(client):
    doc = await (await client.get("/api/v1/openapi.json")).json()
    get = doc["paths"]["/api/v1/checklists/{code}"]["get"]
    assert [p["name"] for p in get["parameters"]] == ["code", "situation"]
    post = doc["paths"]["/api/v1/checklists/{code}/reuses"]["post"]
    assert {"201", "200", "404", "422"} <= set(post["responses"]) and "Idempotency-Key" in str(post["parameters"])
    form = doc["components"]["schemas"]["ReuseForm"]
    assert form["required"] == ["records"] and form["properties"]["records"]["maxItems"] == 8
    multipart = doc["paths"]["/api/v1/prechecks"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert "situation" in multipart["schema"]["properties"]


async def test_a_card_expiring_before_the_promised_day_is_not_offered_and_the_notice_says_why(client, login):
    me = await login("reuse-short")
    front = await kept(me["citizen_id"], "id_front")
    back = await kept(me["citizen_id"], "id_back", valid_until="2026-12-05")
    listed = await (await client.get("/api/v1/checklists/temporary_assistance", headers=me["headers"])).json()
    assert listed["offers"] == [] and material(listed, "申请人居民身份证")["offered"] == []
    assert "您存档的身份证有效期至2026年12月5日，早于本事项承诺办结日" in listed["notice"]
    refused = await client.post("/api/v1/checklists/temporary_assistance/reuses", headers=me["headers"],
                                json={"records": [front, back]})
    assert (await error_of(refused))[:2] == (422, "not_offered")
    assert await VaultUse.all().count() == 0
