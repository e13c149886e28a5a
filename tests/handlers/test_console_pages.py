"""The console's pages and actions over HTTP: queue, appointments, handoffs, applications, dashboard.
Each action is checked for its effect, its line in the staff actions and (for 办件) the trail."""

from __future__ import annotations

from bot.handoff import handoff_of, open_handoff
from identity import recent_actions
from notify.models import Outbox
from progress import Actor, application_of, open_application, trail_of
from tests.handlers.console_helpers import STAFF_TOKEN, console, signed_in  # noqa: F401

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}
TODAY_1030 = "2026-11-25T10:30:00+08:00"


async def booked(console, citizen: str = "citizen-0001-abcdef", start: str = TODAY_1030) -> str:
    response = await console.post("/api/staff/v1/appointments", headers=STAFF, json={
        "citizen": citizen, "item": "id_card_renewal", "hall": "district_center", "start": start})
    assert response.status == 201, await response.text()
    return (await response.json())["code"]


async def test_the_queue_check_in_call_next_served_and_no_show(console):
    code = await booked(console)
    other = await booked(console, "citizen-0002-abcdef")
    csrf = await signed_in(console, "cleo")
    page = await (await console.get("/console/queue")).text()
    assert "未签到（2）" in page and "citi****" in page and "citizen-0001" not in page
    response = await console.post("/console/queue/checkin", data={"csrf": csrf, "hall": "district_center",
                                                                  "code": code})
    assert "已签到，排队号 A001" in await response.text()
    response = await console.post("/console/queue/next", data={"csrf": csrf, "hall": "district_center",
                                                               "group": "A", "window": "3"})
    html = await response.text()
    assert "请 A001 到3号窗口" in html and "已叫号（1）" in html
    response = await console.post("/console/queue/served", data={"csrf": csrf, "hall": "district_center",
                                                                 "code": code})
    assert "A001 已办理完成" in await response.text()
    response = await console.post("/console/queue/no-show", data={"csrf": csrf, "hall": "district_center",
                                                                  "code": other})
    html = await response.text()
    assert "已记为未到" in html and "已结束（2）" in html
    response = await console.post("/console/queue/next", data={"csrf": csrf, "hall": "district_center",
                                                               "group": "A"})
    assert "A 组暂时没有人在等候" in await response.text()
    actions = [(a.action, a.target) for a in reversed(await recent_actions(staff="cleo"))]
    assert actions == [("login", ""), ("check_in", code), ("call_next", code), ("served", code),
                       ("no_show", other), ("call_next", "")]
    live = await console.get("/console/queue/live?hall=district_center")
    assert live.status == 200 and "<html" not in await live.text()


async def test_a_clerk_cannot_act_on_another_halls_queue(console):
    code = await booked(console)
    csrf = await signed_in(console, "zed")  # zumiao's clerk
    response = await console.post("/console/queue/checkin", data={"csrf": csrf, "hall": "district_center",
                                                                  "code": code})
    assert response.status == 403


async def test_a_bad_booking_code_is_explained(console):
    csrf = await signed_in(console, "cleo")
    html = await (await console.post("/console/queue/checkin", data={"csrf": csrf, "hall": "district_center",
                                                                     "code": "??"})).text()
    assert "预约码应为8位" in html
    html = await (await console.post("/console/queue/checkin", data={"csrf": csrf, "hall": "district_center",
                                                                     "code": "ABCD2345"})).text()
    assert "没有签到" in html


async def test_appointments_of_a_day_masked_and_filtered(console):
    await booked(console, start="2026-11-26T09:00:00+08:00")
    await signed_in(console, "sup")
    html = await (await console.get("/console/appointments?hall=district_center&day=2026-11-26")).text()
    assert "共 1 个预约" in html and "citi****" in html and "citizen-0001" not in html
    html = await (await console.get("/console/appointments?hall=district_center&day=2026-11-26&status=served")).text()
    assert "共 0 个预约" in html
    assert (await console.get("/console/appointments?day=2026-13-01")).status == 422
    assert (await console.get("/console/appointments?status=whatever")).status == 422


async def test_a_handoff_is_read_and_answered_and_the_answer_kept_for_the_citizen(console, clock):
    handoff, _ = await open_handoff(channel="wechat", user="oCitizen0001Abcdefghijk", reason="human",
                                    text="我的身份证号440602199001011234，要找人工", item=None, now=clock.now())
    csrf = await signed_in(console, "cleo")
    inbox = await (await console.get("/console/handoffs")).text()
    assert f"/console/handoffs/{handoff.id}" in inbox and "199001011234" not in inbox
    response = await console.post(f"/console/handoffs/{handoff.id}/reply",
                                  data={"csrf": csrf, "reply": "您好，请明天上午带身份证到3号窗口。"})
    assert "回复已记录" in await response.text()
    seen = await handoff_of(handoff.id)
    assert seen.status == "answered" and seen.replies[0][:2] == ("cleo", "您好，请明天上午带身份证到3号窗口。")
    queued = await Outbox.get(kind="handoff_reply")
    assert queued.citizen == "oCitizen0001Abcdefghijk" and queued.payload["reply"].startswith("您好")
    assert (await recent_actions(staff="cleo"))[0].action == "handoff_reply"
    empty = await console.post(f"/console/handoffs/{handoff.id}/reply", data={"csrf": csrf, "reply": "  "})
    assert "请填写回复内容" in await empty.text()
    assert (await console.get("/console/handoffs/99999")).status == 404


async def received(console, clock, hall_code: str = "district_center") -> str:
    from handlers.keys import catalog_key

    catalog = console.app[catalog_key]
    app = await open_application(catalog.item("residence_permit"), catalog.hall(hall_code), "citizen-0003-abc",
                                 "hall", actor=Actor("staff", "desk"), now=clock.now())
    return app.number


async def test_an_application_advanced_asked_to_supplement_and_resumed(console, clock):
    number = await received(console, clock)
    csrf = await signed_in(console, "cleo")
    listing = await (await console.get("/console/applications")).text()
    assert number in listing and "citi****" in listing
    response = await console.post(f"/console/applications/{number}/advance", data={"csrf": csrf})
    assert "已推进到「承办」" in await response.text()
    response = await console.post(f"/console/applications/{number}/supplement",
                                  data={"csrf": csrf, "missing": "户口簿\n\n租赁合同", "note": "复印件不清"})
    assert "户口簿、租赁合同" in await response.text()
    app = await application_of(number)
    assert (app.stage, app.status, app.missing) == ("承办", "supplement", ("户口簿", "租赁合同"))
    await console.post(f"/console/applications/{number}/advance", data={"csrf": csrf})
    assert (await application_of(number)).status == "in_progress"
    trail = await trail_of(number)
    assert [t.actor for t in trail[1:]] == ["cleo", "cleo", "cleo"]
    actions = [a.action for a in await recent_actions(staff="cleo")]
    assert actions[:3] == ["resume", "supplement", "advance"]


async def test_only_reviewers_supervisors_and_admins_reject(console, clock):
    number = await received(console, clock)
    csrf = await signed_in(console, "cleo")
    html = await (await console.get(f"/console/applications/{number}")).text()
    assert "/reject" not in html
    response = await console.post(f"/console/applications/{number}/reject", data={"csrf": csrf, "reason": "不符合"})
    assert response.status == 403
    csrf = await signed_in(console, "rita")
    response = await console.post(f"/console/applications/{number}/reject",
                                  data={"csrf": csrf, "reason": "不属于本区受理范围"})
    assert "已不予受理" in await response.text()
    app = await application_of(number)
    assert (app.status, app.reason) == ("rejected", "不属于本区受理范围")
    again = await console.post(f"/console/applications/{number}/advance", data={"csrf": csrf})
    assert again.status == 409


async def test_another_halls_application_is_refused(console, clock):
    number = await received(console, clock, "zumiao")
    await signed_in(console, "cleo")
    assert (await console.get(f"/console/applications/{number}")).status == 403
    assert (await console.get("/console/applications/BJ20261125999999")).status == 404
    assert (await console.get("/console/applications/nonsense")).status == 404


async def test_the_dashboard_draws_its_charts_on_the_server(console, clock):
    await booked(console)
    await open_handoff(channel="wechat", user="u1", reason="human", text="新生儿落户怎么办", item=None, now=clock.now())
    await signed_in(console, "sup")
    html = await (await console.get("/console/dashboard")).text()
    assert html.count("<svg") == 2 and "每日预约量，共 1" in html and "新生儿落户怎么办" in html
    assert "<rect class=\"bar\"" in html


async def test_the_dashboard_lists_what_the_bot_could_not_answer(console, clock):
    from bot import Inbound, respond
    from bot.models import UnansweredQuestion
    from handlers.keys import assistant_key

    assistant = console.app[assistant_key]
    said = ["帮我订一张去北京的机票", "换身份证要带什么", "帮我订一张去北京的机票",
            "我电话13812345678能不能帮我查下水费"]
    for n, text in enumerate(said):
        await respond(Inbound(channel="wechat", user=f"u{n}", kind="text", message_id=str(n), text=text),
                      assistant, now=clock.now())
    await signed_in(console, "sup")
    html = await (await console.get("/console/dashboard")).text()
    assert "共 4 条文字消息，答不上 3 条（75%）" in html
    assert html.index("帮我订一张去北京的机票") < html.index("水费")
    assert "13812345678" not in html and "138****5678" in html
    rows = await UnansweredQuestion.all()
    assert len(rows) == 3 and {r.channel for r in rows} == {"wechat"}


async def test_questions_are_written_behind_not_on_the_reply_path(console, clock):
    from dataclasses import replace

    from bot import Inbound, respond
    from bot.models import QuestionDay, UnansweredQuestion
    from bot.questions import QuestionLog
    from handlers.keys import assistant_key

    log = QuestionLog(flush_every=3600)
    assistant = replace(console.app[assistant_key], questions=log)
    for n in range(3):
        await respond(Inbound(channel="miniapp", user="u", kind="text", message_id=str(n), text="帮我订机票"),
                      assistant, now=clock.now())
    assert await UnansweredQuestion.all().count() == 0 and await QuestionDay.all().count() == 0
    await log.flush()
    day = await QuestionDay.get()
    assert (day.messages, day.unanswered) == (3, 3) and await UnansweredQuestion.all().count() == 3
    await respond(Inbound(channel="miniapp", user="u", kind="text", message_id="4", text="帮我订机票"),
                  assistant, now=clock.now())
    await log.close()
    assert (await QuestionDay.get()).messages == 4  # added to the day, not a second row
