"""GET/POST/DELETE /api/v1/subscriptions: the same consent as chat, at once; grants from
wx.requestSubscribeMessage counted; someone else's id is 404; pending reminders listed. And the
robot's answer to 我有什么提醒 at an anonymous kiosk."""

from __future__ import annotations

from datetime import timedelta

from notify import enqueue, subscribed_topics
from notify.models import SubscribeGrant, TemplateRefusal
from tests.conftest import NOV_25_10AM


async def test_subscribe_list_and_withdraw_at_once(client, login):
    me = await login()
    headers = me["headers"]
    posted = await client.post("/api/v1/subscriptions", headers={**headers, "Idempotency-Key": "s-1"},
                               json={"topic": "id_card", "grants": {"TPL_MINI_CERT": "accept", "TPL_MINI_X": "reject"}})
    assert posted.status == 201, await posted.text()
    body = await posted.json()
    assert (body["topic"], body["topic_name"], body["active"], body["via"]) == ("id_card", "身份证", True, "miniapp")
    again = await client.post("/api/v1/subscriptions", headers={**headers, "Idempotency-Key": "s-1"},
                              json={"topic": "id_card", "grants": {"TPL_MINI_CERT": "accept", "TPL_MINI_X": "reject"}})
    assert again.status == 200 and again.headers["Idempotent-Replayed"] == "true"
    citizen = me["citizen_id"]
    assert (await SubscribeGrant.get(citizen=citizen)).remaining == 1  # counted once
    assert await TemplateRefusal.exists(citizen=citizen, template_id="TPL_MINI_X")
    assert await subscribed_topics(citizen) == {"id_card": True}
    await enqueue("appointment_reminder", citizen, {"item": "passport"}, due_at=NOV_25_10AM + timedelta(days=1),
                  dedupe_key="r1", now=NOV_25_10AM)
    listed = await (await client.get("/api/v1/subscriptions", headers=headers)).json()
    assert [s["topic"] for s in listed["subscriptions"]] == ["id_card"]
    assert {"topic": "all", "name": "全部"} in listed["topics"] and listed["pending"][0]["name"] == "预约前一天提醒"
    deleted = await client.delete(f"/api/v1/subscriptions/{body['id']}", headers=headers)
    assert deleted.status == 204
    assert await subscribed_topics(citizen) == {"id_card": False}


async def test_another_citizens_subscription_is_404_and_input_is_checked(client, login):
    me, other = await login("mini-a"), await login("mini-b")
    posted = await (await client.post("/api/v1/subscriptions", headers=me["headers"], json={"topic": "all"})).json()
    for path in (f"/api/v1/subscriptions/{posted['id']}", "/api/v1/subscriptions/999", "/api/v1/subscriptions/x"):
        response = await client.delete(path, headers=other["headers"])
        assert response.status == 404 and (await response.json())["error"]["code"] == "not_found"
    for bad in ({"topic": "campaign"}, {"topic": "id_card", "grants": {"bad id!": "accept"}},
                {"topic": "id_card", "grants": {"T1": "maybe"}}, {}):
        assert (await client.post("/api/v1/subscriptions", headers=me["headers"], json=bad)).status == 422, bad
    assert (await client.get("/api/v1/subscriptions")).status == 401


async def test_the_subscriptions_are_in_the_openapi_document(client):
    doc = await (await client.get("/api/v1/openapi.json")).json()
    assert {"get", "post"} <= set(doc["paths"]["/api/v1/subscriptions"])
    assert "delete" in doc["paths"]["/api/v1/subscriptions/{id}"]
