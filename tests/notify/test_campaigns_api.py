"""Campaigns and dead letters through the staff API over real HTTP, sent by the real dispatcher to the
fake platform: only consenting followers, quiet hours, progress, cancel midway, retry and drop audited."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta

import aiohttp
import pytest

from core.clock import SHANGHAI
from core.settings import Settings
from handlers.keys import catalog_key, redis_key
from identity import citizen_for_oa
from identity.staff_actions import StaffAction
from notify import Dispatcher, dispatch_due, record_date_fact, shipped_rules, subscribe, unsubscribe
from notify.models import Outbox
from progress import Actor, open_application
from tests import backend
from tests.conftest import NOV_25_10AM
from tests.fakes.wechat_platform import APP_ID, SECRET, FakePlatform, wechat_platform  # noqa: F401
from wechat import WeChatClient

TOKEN = "staff-token-for-campaign-tests"
STAFF = {"Authorization": f"Bearer {TOKEN}", "X-Staff-Id": "s-042"}
FORM = {"item": "id_card_renewal", "topic": "id_card", "message": "身份证换领可在街道大厅办理，工作日无需排长队。",
        "segment": {"fact": "id_card_expires_on", "on_from": "2026-12-01", "on_to": "2027-03-31"}}


@pytest.fixture
def settings(tmp_path, wechat_platform: FakePlatform) -> Settings:  # noqa: F811
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                    wechat_api_base=wechat_platform.url,
                    wechat_appid=APP_ID, wechat_appsecret=SECRET, staff_token=TOKEN, api_rate_per_ip=1000)


@pytest.fixture
async def dispatcher(client, wechat_platform: FakePlatform) -> AsyncIterator[Dispatcher]:  # noqa: F811
    app = client.server.app
    async with aiohttp.ClientSession() as session:
        wx = WeChatClient(session, app[redis_key], base_url=wechat_platform.url, app_id=APP_ID, secret=SECRET,
                          attempts=1, backoff=0, cool_down=0)
        yield Dispatcher(wx, app[redis_key], shipped_rules(), app[catalog_key], rate=1000)


async def people() -> dict[str, str]:
    """Five followers with an ID card expiring soon: two said yes to id_card, one to all, one to all but no to
    id_card, one nothing; and a sixth said yes but expires later (outside the segment)."""
    ids = {}
    for n, topics in enumerate([["id_card"], ["id_card"], ["all"], ["all"], [], ["id_card"]]):
        me = (await citizen_for_oa(f"o-person-{n}")).id
        ids[f"p{n}"] = me
        if topics:
            await subscribe(me, topics, now=NOV_25_10AM)
        expires = date(2027, 1, 10) if n < 5 else date(2027, 8, 1)
        await record_date_fact(me, "id_card_expires_on", expires, source="precheck", now=NOV_25_10AM)
    await unsubscribe(ids["p3"], ["id_card"], now=NOV_25_10AM)
    return ids


async def new_campaign(client, key: str = "camp-1", **changes) -> dict:
    response = await client.post("/api/staff/v1/campaigns", json={**FORM, **changes},
                                 headers={**STAFF, "Idempotency-Key": key})
    assert response.status in (200, 201), await response.text()
    return await response.json()


async def test_a_campaign_is_counted_previewed_scheduled_out_of_quiet_hours_and_sent_to_the_consenting(
        client, dispatcher, wechat_platform):  # noqa: F811
    ids = await people()
    first = await new_campaign(client)
    assert (first["status"], first["count"]) == ("draft", 3)  # p0, p1, p2
    again = await client.post("/api/staff/v1/campaigns", json=FORM, headers={**STAFF, "Idempotency-Key": "camp-1"})
    assert again.status == 200 and (await again.json())["id"] == first["id"]  # replayed, no second campaign
    cid = first["id"]
    preview = await (await client.get(f"/api/staff/v1/campaigns/{cid}/preview", headers=STAFF)).json()
    assert preview["count"] == 3 and FORM["message"] in preview["text"] and "下一步" in preview["text"]
    assert preview["data"]["thing1"].startswith("居民身份证换领")
    scheduled = await client.post(f"/api/staff/v1/campaigns/{cid}/schedule", json={"send_at": "2026-11-25T22:30:00"},
                                  headers={**STAFF, "Idempotency-Key": "sched-1"})
    body = await scheduled.json()
    assert scheduled.status == 200 and body["status"] == "scheduled" and body["queued"] == 3
    assert body["send_at"] == "2026-11-26T08:00:00+08:00"  # 22:30 is in the quiet hours
    twice = await client.post(f"/api/staff/v1/campaigns/{cid}/schedule", json={}, headers=STAFF)
    assert twice.status == 409 and (await twice.json())["error"]["code"] == "not_draft"
    await unsubscribe(ids["p1"], ["all"], now=NOV_25_10AM)  # withdrawn after scheduling: asked again at send
    morning = datetime(2026, 11, 26, 8, 0, tzinfo=SHANGHAI)
    assert (await dispatch_due(dispatcher, now=morning - timedelta(minutes=1))).sent == 0
    report = await dispatch_due(dispatcher, now=morning)
    assert (report.sent, report.skipped) == (2, 1)
    assert sorted(p["touser"] for p in wechat_platform.pushes) == ["o-person-0", "o-person-2"]
    assert all(p["api"] == "cgi-bin/message/subscribe/bizsend" for p in wechat_platform.pushes)  # never 群发
    shown = await (await client.get(f"/api/staff/v1/campaigns/{cid}", headers=STAFF)).json()
    assert shown["progress"]["status"] == {"sent": 2, "skipped": 1}
    assert [a.action for a in await StaffAction.filter(target=f"campaign:{cid}").order_by("id")] == [
        "campaign_created", "campaign_scheduled"]


async def test_a_campaign_cancelled_midway_sends_no_more(client, dispatcher, wechat_platform):  # noqa: F811
    await people()
    cid = (await new_campaign(client, "camp-2"))["id"]
    await client.post(f"/api/staff/v1/campaigns/{cid}/schedule", json={}, headers=STAFF)
    assert (await dispatch_due(dispatcher, now=NOV_25_10AM, batch=1)).sent == 1
    cancelled = await client.post(f"/api/staff/v1/campaigns/{cid}/cancel", headers=STAFF)
    body = await cancelled.json()
    assert body["status"] == "cancelled" and body["progress"]["status"] == {"sent": 1, "cancelled": 2}
    assert (await dispatch_due(dispatcher, now=NOV_25_10AM + timedelta(minutes=1))).sent == 0
    assert len(wechat_platform.pushes) == 1
    assert (await client.post(f"/api/staff/v1/campaigns/{cid}/cancel", headers=STAFF)).status == 409


async def test_the_segment_by_hall_and_the_campaigns_input_is_checked(client):
    ids = await people()
    catalog = client.server.app[catalog_key]
    assert (await new_campaign(client, "camp-3", segment={"hall": "zumiao"}))["count"] == 0  # nobody went there
    for who in ("p0", "p4"):  # p4 applied there too but never said yes
        await open_application(catalog.item("passport"), catalog.hall("zumiao"), ids[who], "hall",
                               actor=Actor("staff", "s1"), now=NOV_25_10AM)
    assert (await new_campaign(client, "camp-4", segment={"hall": "zumiao"}))["count"] == 1
    for bad in ({"topic": "campaign"}, {"message": ""}, {"segment": {"on_from": "2027-01-01"}},
                {"segment": {"fact": "birth_date", "on_from": "2027-02-01", "on_to": "2027-01-01"}}):
        response = await client.post("/api/staff/v1/campaigns", json={**FORM, **bad}, headers=STAFF)
        assert response.status == 422, bad
    assert (await client.post("/api/staff/v1/campaigns", json={**FORM, "item": "no_such_item"},
                              headers=STAFF)).status == 404
    assert (await client.post("/api/staff/v1/campaigns", json=FORM)).status == 401
    assert (await client.get("/api/staff/v1/campaigns/99", headers=STAFF)).status == 404


async def dead(citizen: str, key: str, error: str, status: str = "failed") -> Outbox:
    return await Outbox.create(kind="id_card_expiry", rule="id_card_expiry", period=key, citizen=citizen,
                               payload={"item": "id_card_renewal"}, due_at=NOV_25_10AM, dedupe_key=key,
                               created_at=NOV_25_10AM, status=status, error=error, attempts=6)


async def test_dead_letters_are_listed_retried_or_dropped_and_audited_never_a_refusal(client, dispatcher,
                                                                                     wechat_platform):  # noqa: F811
    ids = await people()
    busy = await dead(ids["p0"], "k1", "gave up after 6 attempts: HTTP 502")
    refused = await dead(ids["p2"], "k2", "refused by the citizen (43101)")
    unknown = await dead(ids["p0"], "k3", "no answer: the platform may have it", status="unknown")
    listed = await (await client.get("/api/staff/v1/dead-letters", headers=STAFF)).json()
    assert [(x["id"], x["retriable"]) for x in listed["letters"]] == [(unknown.id, True), (refused.id, False),
                                                                     (busy.id, True)]
    assert listed["letters"][0]["citizen"] != ids["p0"]  # masked
    page = await (await client.get(f"/api/staff/v1/dead-letters?before={refused.id}", headers=STAFF)).json()
    assert [x["id"] for x in page["letters"]] == [busy.id]
    no = await client.post(f"/api/staff/v1/dead-letters/{refused.id}/retry", json={}, headers=STAFF)
    assert no.status == 409 and (await no.json())["error"]["code"] == "refused_by_citizen"
    yes = await client.post(f"/api/staff/v1/dead-letters/{busy.id}/retry", json={"note": "platform back"},
                            headers={**STAFF, "Idempotency-Key": "r1"})
    assert yes.status == 200 and (await yes.json())["status"] == "pending"
    replay = await client.post(f"/api/staff/v1/dead-letters/{busy.id}/retry", json={"note": "platform back"},
                               headers={**STAFF, "Idempotency-Key": "r1"})
    assert replay.headers.get("Idempotent-Replayed") == "true"
    assert (await dispatch_due(dispatcher, now=NOV_25_10AM)).sent == 1
    dropped = await client.post(f"/api/staff/v1/dead-letters/{unknown.id}/drop", json={"reason": "查过已收到"},
                                headers=STAFF)
    assert (await dropped.json())["status"] == "dropped"
    assert (await client.post(f"/api/staff/v1/dead-letters/{unknown.id}/retry", json={},
                              headers=STAFF)).status == 409
    assert (await client.post(f"/api/staff/v1/dead-letters/{busy.id}/drop", json={}, headers=STAFF)).status == 422
    audit = [(a.action, a.details["outbox"], a.staff)
             for a in await StaffAction.filter(target__startswith="outbox:").order_by("id")]
    assert audit == [("retried", busy.id, "s-042"), ("dropped", unknown.id, "s-042")]


async def test_the_staff_document_lists_the_push_operations(client):
    staff = await (await client.get("/api/staff/v1/openapi.json")).json()
    assert {"/api/staff/v1/campaigns", "/api/staff/v1/campaigns/{id}/schedule", "/api/staff/v1/dead-letters",
            "/api/staff/v1/dead-letters/{id}/retry"} <= set(staff["paths"])
    assert any(p["name"] == "Idempotency-Key" for p in staff["paths"]["/api/staff/v1/campaigns"]["post"]["parameters"])
