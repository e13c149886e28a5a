"""The platform's subscribe-message events and send results, posted to /wechat over real HTTP as the
documentation shows them (tests/data/wechat/), end to end: grants and refusals recorded, the outbox
rows' delivery updated, 43101 final; a citizen's message opens the 48-hour window."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from handlers.keys import catalog_key, clock_key, redis_key
from identity.citizens import Citizen
from notify import Dispatcher, dispatch_due, enqueue, resend, shipped_rules, subscribe, within_window
from notify.models import Outbox, SubscribeGrant, TemplateRefusal
from tests.fakes.wechat_platform import APP_ID, SECRET
from tests.wechat.callback import (  # noqa: F401  (fixtures: settings, wechat, wechat_platform)
    WeChatSender,
    message,
    settings,
    wechat,
    wechat_platform,
)
from wechat import WeChatClient

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "wechat"
DOC_OPENID = "otFpruAK8D-E6EfStSYonYSBZ8_4"
DOC_TEMPLATE = "VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc"


@pytest.fixture
def mode() -> str:
    return "plain"


def sample(name: str, **replace: str) -> bytes:
    text = (SAMPLES / name).read_text()
    for old, new in replace.items():
        text = text.replace(old, new)
    return text.encode()


@pytest.fixture
async def dispatcher(wechat: WeChatSender, wechat_platform) -> AsyncIterator[Dispatcher]:  # noqa: F811
    app = wechat.client.server.app
    async with aiohttp.ClientSession() as session:
        client = WeChatClient(session, app[redis_key], base_url=wechat_platform.url, app_id=APP_ID, secret=SECRET,
                              attempts=1, backoff=0, cool_down=0)
        yield Dispatcher(client, app[redis_key], shipped_rules(), app[catalog_key], rate=1000)


async def post(wechat: WeChatSender, body: bytes) -> None:  # noqa: F811
    answer = await wechat.post(body, wechat.query())
    assert (answer.status, answer.text) == (200, "success")


async def citizen_of(openid: str) -> str:
    return (await Citizen.get(oa_openid=openid)).id


async def progress_row(citizen: str, n: int, now) -> Outbox:
    return await enqueue("application_progress", citizen,
                         {"number": f"BJ2026112500000{n}", "item": "passport", "stage": "审核",
                          "status": "in_progress", "promised_on": "2026-12-10"},
                         due_at=now, dedupe_key=f"application_progress:{n}", now=now)


async def test_a_popup_accept_is_one_grant_counted_once_and_spent_by_one_send(wechat, dispatcher,
                                                                             wechat_platform):  # noqa: F811
    body = sample("subscribe_msg_popup_event.xml", **{DOC_TEMPLATE: "TPL_PROGRESS"})
    await post(wechat, body)
    await post(wechat, body)  # the platform's retry of the same event
    me = await citizen_of(DOC_OPENID)
    grants = {g.template_id: g.remaining for g in await SubscribeGrant.filter(citizen=me)}
    assert grants == {"TPL_PROGRESS": 1}  # the rejected template got none
    now = wechat.client.server.app[clock_key].now()
    await progress_row(me, 1, now)
    await progress_row(me, 2, now)
    report = await dispatch_due(dispatcher, now=now)
    assert (report.sent, report.skipped) == (1, 1)
    assert wechat_platform.pushes[0]["api"] == "cgi-bin/message/subscribe/bizsend"
    assert (await SubscribeGrant.get(citizen=me)).remaining == 0
    # the platform then reports the delivery: the row sent first gets it (bizsend answers no msgid)
    await post(wechat, sample("subscribe_msg_sent_event.xml", **{DOC_TEMPLATE: "TPL_PROGRESS"}))
    sent = await Outbox.get(status="sent")
    assert (sent.delivery, sent.msgid) == ("success", "1700827132819554304")


async def test_a_long_term_accept_consents_and_a_later_reject_stops_that_template(wechat, dispatcher,
                                                                                 wechat_platform):  # noqa: F811
    await post(wechat, sample("subscribe_msg_popup_event.xml", **{DOC_TEMPLATE: "TPL_CERT_EXPIRY"}))
    me = await citizen_of(DOC_OPENID)
    from notify import subscribed_topics
    assert await subscribed_topics(me) == {"driving": True, "id_card": True}  # the rules sending it
    await post(wechat, sample("subscribe_msg_change_event.xml", **{DOC_TEMPLATE: "TPL_CERT_EXPIRY"}))
    assert await TemplateRefusal.exists(citizen=me, template_id="TPL_CERT_EXPIRY")
    now = wechat.client.server.app[clock_key].now()
    await Outbox.create(kind="id_card_expiry", rule="id_card_expiry", period="2027-01-10", citizen=me,
                        payload={"item": "id_card_renewal", "date": "2027年1月10日", "days_left": "46"},
                        due_at=now, dedupe_key="x1", created_at=now)
    assert (await dispatch_due(dispatcher, now=now)).skipped == 1  # no 48 hours, the template refused
    assert wechat_platform.pushes == []


async def test_a_43101_in_the_sent_event_is_final_and_staff_cannot_resend_it(wechat, dispatcher):  # noqa: F811
    await post(wechat, sample("subscribe_msg_popup_event.xml", **{DOC_TEMPLATE: "TPL_PROGRESS"}))
    me = await citizen_of(DOC_OPENID)
    now = wechat.client.server.app[clock_key].now()
    await progress_row(me, 1, now)
    assert (await dispatch_due(dispatcher, now=now)).sent == 1
    refused = sample("subscribe_msg_sent_event.xml", **{DOC_TEMPLATE: "TPL_PROGRESS"}).replace(
        b"<ErrorCode>0</ErrorCode>", b"<ErrorCode>43101</ErrorCode>").replace(
        b"[success]", b"[failed:user refuse to accept the msg]")
    await post(wechat, refused)
    row = await Outbox.get()
    assert row.status == "failed" and "43101" in (row.error or "") and "final" in (row.error or "")
    assert not await resend(row.id, now=now)
    assert await TemplateRefusal.exists(citizen=me, template_id="TPL_PROGRESS")


@pytest.mark.parametrize(("status", "row_status"), [("success", "sent"), ("failed:user block", "failed"),
                                                    ("failed: system failed", "failed")])
async def test_templatesendjobfinish_updates_the_row_it_names(wechat, status, row_status):  # noqa: F811
    now = wechat.client.server.app[clock_key].now()
    await Outbox.create(kind="application_progress", citizen="c1", payload={"status": "in_progress"}, due_at=now,
                        dedupe_key="t1", created_at=now, status="sent", channel="template", msgid="200163836")
    await post(wechat, sample("templatesendjobfinish.xml", **{"[success]": f"[{status}]"}))
    row = await Outbox.get()
    assert (row.status, row.delivery) == (row_status, status)
    assert (await resend(row.id, now=now)) is (status == "failed: system failed")  # user block: never again


async def test_a_citizens_message_opens_the_48_hour_window_and_a_report_does_not(wechat):  # noqa: F811
    app = wechat.client.server.app
    await post(wechat, sample("templatesendjobfinish.xml"))
    assert not await within_window(app[redis_key], await citizen_of("oia2TjuEGTNoeX76QEjQNrcURxG8"),
                                   app[clock_key].now())
    await wechat.send(message("text", openid="o-writer-1", Content="你好"))
    assert await within_window(app[redis_key], await citizen_of("o-writer-1"), app[clock_key].now())


async def test_a_malformed_list_is_ignored_politely(wechat):  # noqa: F811
    body = (b"<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>"
            b"<MsgType>event</MsgType><Event>subscribe_msg_sent_event</Event><SubscribeMsgSentEvent><List>"
            b"<TemplateId>\xe4\xb8\xad</TemplateId><ErrorCode>x</ErrorCode></List></SubscribeMsgSentEvent></xml>")
    await post(wechat, body)
    await subscribe("c1", ["all"], now=wechat.client.server.app[clock_key].now())  # the database still works


async def test_a_menu_tap_opens_the_window_and_a_location_report_does_not(wechat):  # noqa: F811
    from tests.wechat.callback import event
    app = wechat.client.server.app
    await wechat.send(event("LOCATION", openid="o-located", Latitude=23.0, Longitude=113.1, Precision=30.0))
    await wechat.send(event("scancode_waitmsg", openid="o-scanner", EventKey="SCAN_1"))
    located = await Citizen.get_or_none(oa_openid="o-located")
    assert located is None or not await within_window(app[redis_key], located.id, app[clock_key].now())
    assert await within_window(app[redis_key], await citizen_of("o-scanner"), app[clock_key].now())
