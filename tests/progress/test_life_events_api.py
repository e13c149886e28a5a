"""Life events over HTTP: list, one, submit (checked as one form), the submission and its timeline;
department events move each application on its own and a completed one starts its follower."""

from __future__ import annotations

from datetime import datetime

from core.clock import SHANGHAI

from .api import event_body, signed

NOON = datetime(2026, 11, 25, 12, 0, tzinfo=SHANGHAI)
NEWBORN = {"hukou_case": "both_local", "child_name": "王小明", "child_sex": "男", "child_birth_date": "2026-11-20",
           "birth_certificate_no": "Q440123456", "applicant_name": "王大明",
           "applicant_id_number": "44060419900101123X", "phone": "13800138000"}


async def test_list_and_one_bundle(client):
    listed = await (await client.get("/api/v1/life-events")).json()
    assert "newborn" in [b["code"] for b in listed["bundles"]]
    one = await (await client.get("/api/v1/life-events/newborn")).json()
    assert [s["after"] for s in one["steps"]] == [[], ["newborn_hukou"], ["resident_medical_insurance"]]
    codes = [f["code"] for f in one["fields"]]
    assert len(codes) == len(set(codes)) and "applicant_id_number" in codes
    names = [m["name"] for m in one["materials"]]
    assert len(names) == len(set(names)) and not any("表》" in n for n in names)
    assert (await client.get("/api/v1/life-events/no_such")).status == 404
    assert (await client.get("/api/v1/life-events/BAD!")).status == 404


async def test_submit_checks_the_form_and_answers_4xx_with_reason(client, login):
    me = await login()
    auth = {"Authorization": f"Bearer {me['token']}"}
    url = "/api/v1/life-events/newborn/submissions"
    assert (await client.post(url, json={"answers": NEWBORN})).status == 401
    bad = await client.post(url, headers=auth, json={"answers": {**NEWBORN, "phone": "12", "extra": "x"}})
    body = await bad.json()
    assert bad.status == 422 and body["error"]["code"] == "invalid_form"
    assert "phone" in body["error"]["message"] and "extra" in body["error"]["message"]
    assert (await client.post(url, headers=auth, data=b"{not json")).status == 400
    assert (await client.post(url, headers=auth, json={"answers": {"phone": 1}})).status == 422
    assert (await client.post(url, headers=auth, json={"answers": [1]})).status == 422


async def test_submit_then_departments_move_each_application(client, login, dept_key, clock):
    me = await login()
    auth = {"Authorization": f"Bearer {me['token']}"}
    response = await client.post("/api/v1/life-events/newborn/submissions", headers=auth, json={"answers": NEWBORN})
    assert response.status == 201, await response.text()
    done = await response.json()
    assert done["number"] == "YJ20261125000001"
    hukou, insurance, card = done["applications"]
    assert [a["status"] for a in done["applications"]] == ["in_progress", "waiting", "waiting"]
    clock.set(NOON)
    for n, (stage, status) in enumerate((("审核", "in_progress"), ("批准", "in_progress"), ("办结", "completed"))):
        body = event_body(hukou["number"], f"e{n}", stage, status, at=f"2026-11-25T11:0{n}:00+08:00")
        answer = await client.post("/api/dept/v1/events", data=body, headers=signed(dept_key, body, NOON))
        assert answer.status in (200, 201), await answer.text()
    mine = await (await client.get(f"/api/v1/life-event-submissions/{done['number']}", headers=auth)).json()
    assert [a["status"] for a in mine["applications"]] == ["completed", "completed", "in_progress"]
    assert {t["application_no"] for t in mine["timeline"]} == {hukou["number"], insurance["number"], card["number"]}
    other = await login("mini-openid-2")
    hidden = await client.get(f"/api/v1/life-event-submissions/{done['number']}",
                              headers={"Authorization": f"Bearer {other['token']}"})
    assert hidden.status == 404
