"""The mini-program's channel: a citizen known only through the mini-program gets reminders and staff
replies as mini-program subscribe messages (subscribeMessage.send, with the mini-program's own access
token), one counted one-time grant per send, through the same outbox with the same once-only rules.
Counted at the fake platform, which counts the grants as the platform does."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from bot.handoff import open_handoff, reply_to_handoff
from core.clock import SHANGHAI
from identity import citizen_for_mini_login
from notify import add_grants, dispatch_due, enqueue, note_message, resend, subscribe
from notify.models import Outbox, SubscribeGrant, TemplateRefusal
from tests.fakes.wechat_platform import MINI_SEND, FakePlatform

from .conftest import app_user

NOON = datetime(2026, 11, 25, 12, 0, tzinfo=SHANGHAI)
MINI_OPENID = "mini-only-1"


async def progress_row(citizen: str, n: int = 1) -> Outbox:
    return await enqueue("application_progress", citizen,
                         {"number": f"BJ2026112500000{n}", "item": "passport", "stage": "审核",
                          "status": "in_progress", "promised_on": "2026-12-10"},
                         due_at=NOON, dedupe_key=f"application_progress:{n}", now=NOON)


def granted(platform: FakePlatform, template: str, count: int, openid: str = MINI_OPENID) -> None:
    """The citizen accepted `count` one-time grants of a template, as the platform counts them."""
    platform.mini_grants = platform.mini_grants or Counter()
    platform.mini_grants[(openid, template)] += count


async def test_an_app_only_citizen_gets_progress_as_a_mini_program_subscribe_message(dispatcher, wechat_platform):
    me = await app_user(MINI_OPENID)
    await add_grants(me, "MINI_PROGRESS", 1, now=NOON)
    granted(wechat_platform, "MINI_PROGRESS", 1)
    await progress_row(me, 1)
    await progress_row(me, 2)
    report = await dispatch_due(dispatcher, now=NOON)
    assert (report.sent, report.skipped) == (1, 1)  # one grant, one send; the second has no way to go
    [push] = wechat_platform.mini_pushes
    assert (push["touser"], push["template_id"]) == (MINI_OPENID, "MINI_PROGRESS")
    assert push["data"]["character_string1"] == {"value": "BJ20261125000001"}
    assert wechat_platform.pushes == [] and wechat_platform.sent == []  # nothing through the official account
    assert wechat_platform.mini_token in wechat_platform.mini_tokens  # the mini-program's own token was asked for
    sent = await Outbox.get(status="sent")
    assert sent.channel == "mini_subscribe"
    assert "no channel" in ((await Outbox.get(status="skipped")).error or "")
    assert (await SubscribeGrant.get(citizen=me, template_id="MINI_PROGRESS")).remaining == 0
    assert wechat_platform.mini_grants == Counter({(MINI_OPENID, "MINI_PROGRESS"): 0})  # the same count there
    assert (await dispatch_due(dispatcher, now=NOON + timedelta(minutes=1))).outcomes == {}  # once
    assert wechat_platform.calls[MINI_SEND] == 1


async def test_43101_from_subscribe_send_is_final_never_retried_nor_resent(dispatcher, wechat_platform):
    me = await app_user(MINI_OPENID)
    await add_grants(me, "MINI_PROGRESS", 2, now=NOON)
    wechat_platform.mini_answers[MINI_OPENID] = 43101
    await progress_row(me, 1)
    report = await dispatch_due(dispatcher, now=NOON)
    assert (report.sent, report.dead) == (0, 1)
    row = await Outbox.get()
    assert (row.status, row.attempts) == ("failed", 1) and "43101" in (row.error or "")
    assert await TemplateRefusal.exists(citizen=me, template_id="MINI_PROGRESS")
    assert (await SubscribeGrant.get(citizen=me, template_id="MINI_PROGRESS")).remaining == 0
    await progress_row(me, 2)  # a later notice through the refused template is not even tried
    assert (await dispatch_due(dispatcher, now=NOON + timedelta(hours=3))).skipped == 1
    assert not await resend(row.id, now=NOON + timedelta(hours=4))  # staff cannot resend a refusal
    assert wechat_platform.calls[MINI_SEND] == 1 and wechat_platform.mini_pushes == []


async def test_a_bad_or_foreign_openid_is_permanent(dispatcher, wechat_platform):
    for n, code in enumerate((40003, 43104), 1):
        openid = f"mini-bad-{n}"
        me = await app_user(openid)
        await add_grants(me, "MINI_PROGRESS", 1, now=NOON)
        wechat_platform.mini_answers[openid] = code
        await progress_row(me, n)
    report = await dispatch_due(dispatcher, now=NOON)
    assert report.dead == 2
    rows = await Outbox.all().order_by("id")
    assert [(r.status, r.attempts) for r in rows] == [("failed", 1), ("failed", 1)]
    assert ["40003" in (rows[0].error or ""), "43104" in (rows[1].error or "")] == [True, True]
    assert (await dispatch_due(dispatcher, now=NOON + timedelta(hours=3))).outcomes == {}  # not retried
    assert wechat_platform.calls[MINI_SEND] == 2


async def test_busy_and_quota_are_retried_with_backoff_and_the_grant_kept(dispatcher, wechat_platform):
    me = await app_user(MINI_OPENID)
    await add_grants(me, "MINI_PROGRESS", 1, now=NOON)
    granted(wechat_platform, "MINI_PROGRESS", 1)
    wechat_platform.fail(MINI_SEND, "busy", "quota")
    await progress_row(me)
    assert (await dispatch_due(dispatcher, now=NOON)).deferred == 1  # -1: system busy
    row = await Outbox.get()
    assert (row.status, row.attempts, row.due_at) == ("pending", 1, NOON + timedelta(seconds=60))
    assert (await SubscribeGrant.get(citizen=me)).remaining == 1  # the grant was not used: given back
    assert (await dispatch_due(dispatcher, now=NOON + timedelta(seconds=59))).outcomes == {}  # not yet
    assert (await dispatch_due(dispatcher, now=NOON + timedelta(seconds=60))).deferred == 1  # 45009: quota
    row = await Outbox.get()
    assert (row.attempts, row.due_at) == (2, NOON + timedelta(seconds=180))
    assert (await dispatch_due(dispatcher, now=NOON + timedelta(seconds=180))).sent == 1
    assert len(wechat_platform.mini_pushes) == 1 and (await SubscribeGrant.get(citizen=me)).remaining == 0


async def test_a_follower_in_the_48_hours_gets_chat_and_the_grant_stays(dispatcher, wechat_platform, redis):
    me = (await citizen_for_mini_login("mini-both-1", "union-both-1")).id
    from identity import citizen_for_oa
    assert (await citizen_for_oa("o-both-1", "union-both-1")).id == me  # one citizen, both apps
    await note_message(redis, me, NOON - timedelta(hours=1))
    await add_grants(me, "MINI_PROGRESS", 1, now=NOON)
    await progress_row(me)
    assert (await dispatch_due(dispatcher, now=NOON)).sent == 1
    assert len(wechat_platform.texts_to("o-both-1")) == 1 and wechat_platform.mini_pushes == []
    assert (await SubscribeGrant.get(citizen=me)).remaining == 1


async def test_a_consented_life_cycle_reminder_reaches_an_app_only_citizen(dispatcher, wechat_platform):
    me = await app_user(MINI_OPENID)
    await subscribe(me, ["id_card"], now=NOON, via="miniapp")
    await add_grants(me, "MINI_CERT_EXPIRY", 1, now=NOON)
    await Outbox.create(kind="id_card_expiry", rule="id_card_expiry", period="2027-01-10", citizen=me,
                        payload={"item": "id_card_renewal", "date": "2027年1月10日", "days_left": "46"},
                        due_at=NOON, dedupe_key=f"id_card_expiry:{me}:2027-01-10", created_at=NOON)
    assert (await dispatch_due(dispatcher, now=NOON)).sent == 1
    [push] = wechat_platform.mini_pushes
    assert push["template_id"] == "MINI_CERT_EXPIRY" and push["data"]["time2"] == {"value": "2027年1月10日"}


async def test_a_staff_reply_to_a_mini_program_handoff_waits_for_a_grant_then_goes(dispatcher, wechat_platform):
    me = await app_user(MINI_OPENID)
    handoff, _ = await open_handoff(channel="miniapp", user=me, reason="human", text="我要找人工", item=None,
                                    now=NOON)
    await reply_to_handoff(handoff.id, "您好，请明天上午带身份证到3号窗口。", staff="cleo", now=NOON)
    assert (await dispatch_due(dispatcher, now=NOON + timedelta(minutes=1))).deferred == 1  # no grant yet
    assert wechat_platform.mini_pushes == []
    granted_at = NOON + timedelta(hours=2)
    await add_grants(me, "MINI_STAFF_REPLY", 1, now=granted_at)  # the app asked after 转人工: it is due now
    assert (await dispatch_due(dispatcher, now=granted_at)).sent == 1
    [push] = wechat_platform.mini_pushes
    assert push["template_id"] == "MINI_STAFF_REPLY" and push["data"]["thing2"]["value"].startswith("您好，请明天上午")


async def test_without_the_mini_programs_client_an_app_only_citizen_is_skipped(dispatcher, wechat_platform):
    import dataclasses
    me = await app_user(MINI_OPENID)
    await add_grants(me, "MINI_PROGRESS", 1, now=NOON)
    await progress_row(me)
    report = await dispatch_due(dataclasses.replace(dispatcher, mini=None), now=NOON)
    assert report.skipped == 1 and wechat_platform.calls[MINI_SEND] == 0
    assert (await SubscribeGrant.get(citizen=me)).remaining == 1  # not spent on a channel that cannot go


async def test_a_row_another_dispatcher_took_meanwhile_is_not_sent_and_keeps_its_grant(dispatcher, wechat_platform):
    from notify.dispatch import claim, deliver
    from notify.render import sent_kinds
    me = await app_user(MINI_OPENID)
    await add_grants(me, "MINI_PROGRESS", 1, now=NOON)
    await progress_row(me)
    token, [row] = await claim(sent_kinds(dispatcher.rules), now=NOON, batch=10)
    await Outbox.filter(id=row.id).update(claim="another")  # its lease ran out and another dispatcher took it
    assert await deliver(dispatcher, row, token, now=NOON) == "lost"
    assert wechat_platform.calls[MINI_SEND] == 0
    assert (await SubscribeGrant.get(citizen=me)).remaining == 1  # spent for nothing: given back
