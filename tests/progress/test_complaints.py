"""Complaints become tickets with a category and a response deadline, answered by staff and pushed
back; after 办结 the applicant rates once, and a bad rating opens a follow-up."""

from __future__ import annotations

from notify.models import Outbox
from progress.models import Complaint

from .api import STAFF


async def say(client, who: dict, text: str) -> str:
    response = await client.post("/api/v1/chat/messages", headers=who["headers"], json={"text": text})
    assert response.status == 200, await response.text()
    return (await response.json())["reply"]["text"]


async def test_a_complaint_from_chat_is_a_ticket_answered_by_staff(client, login):
    me = await login()
    text = await say(client, me, "张槎大厅窗口态度太差了我要投诉，电话13812345678")
    assert "已记录" in text and "11月26日前答复" in text  # one working day after Wednesday 25 November
    listed = (await (await client.get("/api/staff/v1/complaints?status=open", headers=STAFF)).json())["complaints"]
    assert len(listed) == 1
    ticket = listed[0]
    assert (ticket["category"], ticket["due_date"], ticket["status"]) == ("attitude", "2026-11-26", "open")
    assert "13812345678" not in ticket["text"] and ticket["citizen"].endswith("****")
    again = await say(client, me, "我要投诉")
    assert f"编号{ticket['id']}" in again and await Complaint.all().count() == 1
    url = f"/api/staff/v1/complaints/{ticket['id']}/reply"
    answered = await client.post(url, headers=STAFF, json={"reply": "已约谈窗口人员，向您致歉。"})
    body = await answered.json()
    assert answered.status == 200 and body["status"] == "answered" and body["answered_on_time"] is True
    pushed = await Outbox.get(kind="complaint_reply")
    assert pushed.citizen == me["citizen_id"] and pushed.payload["reply"] == "已约谈窗口人员，向您致歉。"
    twice = await client.post(url, headers=STAFF, json={"reply": "再答一次"})
    assert twice.status == 409
    assert (await client.post("/api/staff/v1/complaints/999/reply", headers=STAFF, json={"reply": "x"})).status == 404


async def test_rating_after_completion_once_and_a_bad_one_opens_a_follow_up(client, login):
    me, other = await login("mini-openid-1"), await login("mini-openid-2")
    received = await client.post("/api/staff/v1/applications", headers=STAFF, json={
        "item": "passport", "citizen_id": me["citizen_id"], "hall": "district_center"})
    number = (await received.json())["number"]
    rate = f"/api/v1/applications/{number}/rating"
    early = await client.post(rate, headers=me["headers"], json={"score": 5})
    assert early.status == 422
    await client.post(f"/api/staff/v1/applications/{number}/changes", headers=STAFF,
                      json={"stage": "办结", "status": "completed"})
    assert await Outbox.filter(kind="rating_request", citizen=me["citizen_id"]).count() == 1
    assert (await client.post(rate, headers=other["headers"], json={"score": 5})).status == 404
    assert (await client.post(rate, headers=me["headers"], json={"score": 6})).status == 422
    bad = await client.post(rate, headers=me["headers"], json={"score": 1, "comment": "等了太久"})
    assert bad.status == 201 and (await bad.json())["follow_up"] is True
    follow_up = await Complaint.get(category="bad_rating")
    assert follow_up.application_no == number and follow_up.citizen == me["citizen_id"]
    again = await client.post(rate, headers=me["headers"], json={"score": 5})
    assert again.status == 422 and "已经评价过" in (await again.json())["error"]["message"]


async def test_good_rating_needs_no_follow_up(client, login):
    me = await login()
    received = await client.post("/api/staff/v1/applications", headers=STAFF, json={
        "item": "no_criminal_record", "citizen_id": me["citizen_id"], "hall": "district_center"})  # 即办
    number = (await received.json())["number"]
    rated = await client.post(f"/api/v1/applications/{number}/rating", headers=me["headers"], json={"score": 5})
    assert rated.status == 201 and (await rated.json())["follow_up"] is False
    assert await Complaint.all().count() == 0


async def test_figures_per_hall_and_item(client, clock, login):
    from datetime import datetime

    from core.clock import SHANGHAI

    me = await login()
    for item in ("no_criminal_record", "passport", "passport"):
        await client.post("/api/staff/v1/applications", headers=STAFF, json={
            "item": item, "citizen_id": me["citizen_id"], "hall": "district_center"})
    await client.post("/api/staff/v1/applications/BJ20261125000002/changes", headers=STAFF,
                      json={"stage": "办结", "status": "completed"})
    await client.post("/api/v1/applications/BJ20261125000001/rating", headers=me["headers"], json={"score": 4})
    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI))  # the second passport is past 4 December
    body = await (await client.get("/api/staff/v1/figures", headers=STAFF)).json()
    rows = {(f["hall"], f["item"]): f for f in body["figures"]}
    spot, passport = rows[("district_center", "no_criminal_record")], rows[("district_center", "passport")]
    assert (spot["applications"], spot["on_the_spot_rate"], spot["satisfaction"]) == (1, 1.0, 4.0)
    assert (passport["applications"], passport["overdue"], passport["average_working_days"]) == (2, 1, 0.0)
