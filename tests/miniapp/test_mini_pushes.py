"""A citizen known only through the mini-program: 转人工 in the app's chat, the staff reply's template
granted (POST /api/v1/subscribe-grants), the staff reply, and the real `notify.dispatch` job sends it as
a mini-program subscribe message with the mini-program's own token (counted at the fake platform, which
counts grants as the platform does). And 我有什么提醒 in the app's chat lists what is pending."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from bot.handoff import reply_to_handoff
from bot.models import Handoff
from core.settings import Settings
from handlers.keys import clock_key, jobs_key
from notify import enqueue
from tests.fakes.wechat_platform import MINI_APP_ID, MINI_SECRET, SECRET, FakePlatform


@pytest.fixture
def settings(tmp_path, wechat_platform: FakePlatform) -> Settings:
    return Settings(database_url=f"sqlite://{tmp_path}/t.sqlite3", redis_url=None,
                    wechat_api_base=wechat_platform.url, wechat_appsecret=SECRET,
                    wechat_mini_appid=MINI_APP_ID, wechat_mini_appsecret=MINI_SECRET,
                    api_rate_per_ip=1000, api_rate_per_citizen=1000)


async def test_a_staff_reply_reaches_a_mini_program_citizen_through_the_job(client, login, wechat_platform):
    me = await login("mini-e2e-1")
    headers = me["headers"]
    said = await client.post("/api/v1/chat/messages", headers=headers, json={"text": "转人工"})
    assert said.status == 200, await said.text()
    listed = await (await client.get("/api/v1/subscriptions", headers=headers)).json()
    assert {"template_id": "MINI_STAFF_REPLY", "topics": ["service"]} in listed["templates"]
    wechat_platform.mini_grants = Counter({("mini-e2e-1", "MINI_STAFF_REPLY"): 1})  # the citizen's accept
    granted = await client.post("/api/v1/subscribe-grants", headers={**headers, "Idempotency-Key": "g-1"},
                                json={"grants": {"MINI_STAFF_REPLY": "accept"}})
    assert granted.status == 200, await granted.text()
    assert await granted.json() == {"remaining": {"MINI_STAFF_REPLY": 1}, "refused": []}
    again = await client.post("/api/v1/subscribe-grants", headers={**headers, "Idempotency-Key": "g-1"},
                              json={"grants": {"MINI_STAFF_REPLY": "accept"}})
    assert again.headers["Idempotent-Replayed"] == "true"  # counted once
    handoff = await Handoff.get(user=me["citizen_id"])
    assert handoff.channel == "miniapp"
    now = client.app[clock_key].now()
    await reply_to_handoff(handoff.id, "您好，护照加急可以办理，请带身份证来3号窗口。", staff="cleo", now=now)

    dispatch = client.app[jobs_key].tasks["notify.dispatch"]
    for _ in range(2):  # the job again sends nothing more
        await (await dispatch.kiq()).wait_result(timeout=30)
    [push] = wechat_platform.mini_pushes
    assert (push["touser"], push["template_id"]) == ("mini-e2e-1", "MINI_STAFF_REPLY")
    assert push["data"]["thing2"]["value"].startswith("您好，护照加急可以办理")
    assert wechat_platform.mini_grants == Counter({("mini-e2e-1", "MINI_STAFF_REPLY"): 0})
    assert wechat_platform.sent == [] and wechat_platform.pushes == []


async def test_grants_are_checked(client, login):
    me = await login("mini-e2e-2")
    for bad in ({}, {"grants": {}}, {"grants": {"bad id!": "accept"}}, {"grants": {"T1": "maybe"}}):
        response = await client.post("/api/v1/subscribe-grants", headers=me["headers"], json=bad)
        assert response.status == 422, bad
    assert (await client.post("/api/v1/subscribe-grants", json={"grants": {"T1": "accept"}})).status == 401
    refused = await client.post("/api/v1/subscribe-grants", headers=me["headers"],
                                json={"grants": {"MINI_PROGRESS": "reject"}})
    assert await refused.json() == {"remaining": {}, "refused": ["MINI_PROGRESS"]}


async def test_my_reminders_in_the_apps_chat_lists_the_pending_ones(client, login):
    me = await login("mini-e2e-3")
    now = client.app[clock_key].now()
    await enqueue("application_progress", me["citizen_id"], {"item": "passport"}, due_at=now + timedelta(days=1),
                  dedupe_key="app-chat-1", now=now)
    said = await client.post("/api/v1/chat/messages", headers=me["headers"], json={"text": "我有什么提醒"})
    text = (await said.json())["reply"]["text"]
    assert "您待发送的提醒" in text and "办件进度" in text
