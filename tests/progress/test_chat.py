"""Citizens ask in chat: staff receive an application, a department posts two signed events, and
the applicant asks "我的办件到哪一步了"; by number too, and nobody else learns anything."""

from __future__ import annotations

from datetime import datetime

from core.clock import SHANGHAI
from notify.models import Outbox

from .api import STAFF, event_body, signed

NOON = datetime(2026, 11, 25, 12, 0, tzinfo=SHANGHAI)


async def say(client, who: dict, text: str) -> str:
    response = await client.post("/api/v1/chat/messages", headers=who["headers"], json={"text": text})
    assert response.status == 200, await response.text()
    return (await response.json())["reply"]["text"]


async def test_the_applicant_asks_where_it_stands(client, clock, login, dept_key):
    me = await login("mini-openid-1")
    response = await client.post("/api/staff/v1/applications", headers=STAFF, json={
        "item": "passport", "citizen_id": me["citizen_id"], "hall": "district_center", "channel": "hall"})
    number = (await response.json())["number"]
    clock.set(NOON)
    for event_id, stage, at in (("sb-1", "审核", "2026-11-25T10:30:00+08:00"),
                                ("sb-2", "批准", "2026-11-25T11:30:00+08:00")):
        body = event_body(number, event_id, stage, at=at, note="材料齐全")
        posted = await client.post("/api/dept/v1/events", data=body, headers=signed(dept_key, body, NOON))
        assert posted.status == 200 and (await posted.json())["applied"]
    text = await say(client, me, "我的办件到哪一步了")
    assert number in text
    assert "当前环节：批准" in text
    assert "承诺办结：12月4日" in text  # passport: 7 working days from Wednesday 25 November
    assert "下一步：办结" in text
    by_number = await say(client, me, f"{number} 办到哪了")
    assert "当前环节：批准" in by_number
    notices = await Outbox.filter(kind="application_progress", citizen=me["citizen_id"]).order_by("id")
    assert [n.payload["stage"] for n in notices] == ["申请受理", "审核", "批准"]  # one per change


async def test_anyone_else_is_told_nothing(client, login):
    me, other = await login("mini-openid-1"), await login("mini-openid-2")
    response = await client.post("/api/staff/v1/applications", headers=STAFF, json={
        "item": "passport", "citizen_id": me["citizen_id"], "hall": "district_center", "channel": "hall"})
    number = (await response.json())["number"]
    theirs = await say(client, other, f"{number} 办到哪了")
    unknown = await say(client, other, "BJ20261125999999 办到哪了")
    assert theirs.replace(number, "N") == unknown.replace("BJ20261125999999", "N")
    assert "护照" not in theirs and "审核" not in theirs
    assert "暂时没有办件" in await say(client, other, "我的办件")


async def test_a_supplement_tells_what_to_bring(client, clock, login, dept_key):
    me = await login("mini-openid-1")
    response = await client.post("/api/staff/v1/applications", headers=STAFF, json={
        "item": "id_card_renewal", "citizen_id": me["citizen_id"], "hall": "zumiao", "channel": "hall"})
    number = (await response.json())["number"]
    clock.set(NOON)
    body = event_body(number, "ga-1", "审核", "supplement", at="2026-11-25T11:00:00+08:00", missing=["户口簿原件"])
    assert (await client.post("/api/dept/v1/events", data=body, headers=signed(dept_key, body, NOON))).status == 200
    text = await say(client, me, "我的办件")
    assert "待补正" in text and "请补正户口簿原件" in text and "暂停计时" in text


async def test_several_applications_are_listed_to_choose(client, login):
    me = await login("mini-openid-1")
    numbers = []
    for item in ("passport", "hk_macao_permit"):
        response = await client.post("/api/staff/v1/applications", headers=STAFF, json={
            "item": item, "citizen_id": me["citizen_id"], "hall": "district_center", "channel": "hall"})
        numbers.append((await response.json())["number"])
    text = await say(client, me, "我的办件")
    assert "您有2件办件" in text and all(n in text for n in numbers) and "下一步" in text
