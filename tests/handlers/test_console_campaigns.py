"""The console's campaigns: compose (validated as the staff API), the segment's count and preview,
schedule (rows written), progress, cancel (rows withdrawn); supervisors only; each step audited."""

from __future__ import annotations

import re
from datetime import date

from identity import citizen_for_oa, recent_actions
from notify import record_date_fact, subscribe
from notify.models import Campaign, Outbox
from tests.handlers.console_helpers import console, signed_in  # noqa: F401

COMPOSE = {"item": "id_card_renewal", "topic": "id_card", "message": "身份证快到期了，街道大厅工作日可办理。",
           "fact": "id_card_expires_on", "on_from": "2026-12-01", "on_to": "2027-03-31", "hall": ""}


async def followers(clock) -> None:
    for n, expires in enumerate([date(2027, 1, 10), date(2027, 2, 1), date(2027, 8, 1)]):
        me = (await citizen_for_oa(f"o-person-{n}")).id
        await subscribe(me, ["id_card"], now=clock.now())
        await record_date_fact(me, "id_card_expires_on", expires, source="precheck", now=clock.now())


async def test_a_supervisor_composes_previews_schedules_and_cancels(console, clock):
    await followers(clock)
    csrf = await signed_in(console, "sup")
    page = await (await console.get("/console/campaigns")).text()
    assert "新建活动" in page and 'value="id_card"' in page
    bad = await console.post("/console/campaigns", data={**COMPOSE, "csrf": csrf, "message": "短"})
    assert "请填写消息内容" in await bad.text() and await Campaign.all().count() == 0
    swapped = await console.post("/console/campaigns", data={**COMPOSE, "csrf": csrf, "on_from": "2027-04-01"})
    assert "开始日期不能晚于结束日期" in await swapped.text()
    made = await console.post("/console/campaigns", data={**COMPOSE, "csrf": csrf})
    html = await made.text()
    number = int(re.search(r"活动 #(\d+)", html).group(1))
    assert "现在符合条件 2 人" in html and "身份证快到期了" in html and "排期发送给 2 人" in html
    done = await console.post(f"/console/campaigns/{number}/schedule", data={"csrf": csrf, "send_at": ""})
    html = await done.text()
    assert "已排期：2 人" in html and "待发送" in html and await Outbox.filter(campaign=number).count() == 2
    again = await console.post(f"/console/campaigns/{number}/schedule", data={"csrf": csrf, "send_at": ""})
    assert "不能再次排期" in await again.text()
    cancelled = await console.post(f"/console/campaigns/{number}/cancel", data={"csrf": csrf})
    assert "撤回了 2 条" in await cancelled.text()
    assert await Outbox.filter(campaign=number, status="cancelled").count() == 2
    actions = [a.action for a in await recent_actions(staff="sup")]
    assert {"campaign_created", "campaign_scheduled", "campaign_cancelled"} <= set(actions)
    assert f"#{number}" in await (await console.get("/console/campaigns")).text()


async def test_a_clerk_may_not_send_campaigns_and_a_form_needs_its_token(console, clock):
    csrf = await signed_in(console, "cleo")
    assert (await console.get("/console/campaigns")).status == 403
    assert (await console.post("/console/campaigns", data={**COMPOSE, "csrf": csrf})).status == 403
    await signed_in(console, "sup")
    assert (await console.post("/console/campaigns", data=COMPOSE)).status == 403
    assert await Campaign.all().count() == 0
    assert (await console.get("/console/campaigns/12345")).status == 404


async def test_a_bad_send_time_is_explained(console, clock):
    csrf = await signed_in(console, "sup")
    made = await console.post("/console/campaigns", data={**COMPOSE, "csrf": csrf, "fact": "", "on_from": "",
                                                          "on_to": ""})
    number = int(re.search(r"活动 #(\d+)", await made.text()).group(1))
    bad = await console.post(f"/console/campaigns/{number}/schedule", data={"csrf": csrf, "send_at": "明天"})
    assert "发送时间不对" in await bad.text() and (await Campaign.get(id=number)).status == "draft"
    later = await console.post(f"/console/campaigns/{number}/schedule",
                               data={"csrf": csrf, "send_at": "2026-11-26T22:30"})
    assert "已排期：0 人，11-27 08:00 起发送" in await later.text()


async def test_a_supervisor_answers_a_complaint_once_and_a_clerk_may_not(console, clock):
    from notify.models import Outbox
    from progress import open_complaint

    ticket = await open_complaint("citizen-0005-abcdef", "wechat", "窗口排队太久，我电话13812345678", now=clock.now())
    csrf = await signed_in(console, "cleo")
    assert (await console.get("/console/complaints")).status == 403
    csrf = await signed_in(console, "sup")
    listing = await (await console.get("/console/complaints")).text()
    assert "排队等候" in listing and "13812345678" not in listing and f"/console/complaints/{ticket.id}" in listing
    done = await console.post(f"/console/complaints/{ticket.id}/reply", data={"csrf": csrf, "reply": "已加开窗口。"})
    assert "答复已记录" in await done.text()
    assert (await Outbox.get(kind="complaint_reply")).payload["reply"] == "已加开窗口。"
    assert f"/console/complaints/{ticket.id}" in await (await console.get("/console/complaints?status=answered")).text()
    assert "已加开窗口" in await (await console.get(f"/console/complaints/{ticket.id}")).text()
    again = await console.post(f"/console/complaints/{ticket.id}/reply", data={"csrf": csrf, "reply": "再说一次"})
    assert "已经答复过了" in await again.text()
    assert (await recent_actions(staff="sup"))[0].action == "complaint_reply"
    assert (await console.post(f"/console/complaints/{ticket.id}/reply", data={"reply": "x"})).status == 403
    assert (await console.get("/console/complaints/4242")).status == 404


async def test_the_catalog_is_read_by_every_role_and_searched_by_alias(console):
    from handlers.keys import catalog_key

    item = console.app[catalog_key].item("id_card_renewal")
    await signed_in(console, "rita")
    page = await (await console.get("/console/catalog")).text()
    assert "共 2 个事项" in page and "/console/catalog/id_card_renewal" in page
    found = await (await console.get("/console/catalog", params={"q": item.aliases[0]})).text()
    assert "/console/catalog/id_card_renewal" in found
    assert "/console/catalog/id_card_renewal" not in await (await console.get("/console/catalog?q=火星")).text()
    detail = await (await console.get("/console/catalog/id_card_renewal")).text()
    assert item.aliases[0] in detail and item.materials[0].name in detail
    assert (await console.get("/console/catalog/nothing")).status == 404
    assert (await console.get("/console/catalog", params={"q": "长" * 41})).status == 422
