"""The platform failing a push's calls: 5xx, a timeout, errcode -1 and 45009 on the access token, on a
customer-service message and on a subscribe message. Each is retried with backoff by the outbox and the
push then goes exactly once, except a send that timed out (the platform may have taken it: never twice,
listed for staff); 43101 is never retried (tests/notify/test_dispatch.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.clock import SHANGHAI
from notify import dispatch_due, enqueue, note_message, subscribe
from notify.models import Outbox
from tests.fakes.wechat_platform import FakePlatform
from tests.notify.conftest import (  # noqa: F401  (fixtures)
    catalog,
    db,
    dispatcher,
    follower,
    redis,
    wechat_platform,  # noqa: F401  (a fixture)
)

NOON = datetime(2026, 11, 25, 12, 0, tzinfo=SHANGHAI)
TOKEN, CUSTOM, SUBSCRIBE = "cgi-bin/stable_token", "cgi-bin/message/custom/send", "cgi-bin/message/subscribe/bizsend"


async def queue_push(channel: str, redis) -> str:  # noqa: F811
    me = await follower("o-fault-1")
    if channel == "custom":  # a progress notice within 48 hours of the citizen's last message: customer service
        await note_message(redis, me, NOON - timedelta(hours=1))
        await enqueue("application_progress", me,
                      {"number": "BJ20261125000001", "item": "passport", "stage": "审核", "status": "in_progress",
                       "promised_on": "2026-12-10", "missing": [], "reason": ""},
                      due_at=NOON, dedupe_key="application_progress:fault", now=NOON)
    else:  # a consented life-cycle reminder: a long-term subscribe message
        await subscribe(me, ["all"], now=NOON)
        await Outbox.create(kind="id_card_expiry", rule="id_card_expiry", period="2027-01-10", citizen=me,
                            payload={"item": "id_card_renewal", "date": "2027年1月10日", "days_left": "46"},
                            due_at=NOON, dedupe_key=f"id_card_expiry:{me}:2027-01-10", created_at=NOON)
    return me


def delivered(platform: FakePlatform, channel: str) -> int:
    return len(platform.texts_to("o-fault-1")) if channel == "custom" else len(platform.pushes)


@pytest.mark.parametrize("failure", ["500", "timeout", "busy", "quota"])
@pytest.mark.parametrize(("channel", "path"), [("custom", TOKEN), ("subscribe", TOKEN), ("custom", CUSTOM),
                                                ("subscribe", SUBSCRIBE)])
async def test_a_failed_platform_call_is_retried_later_and_the_push_goes_once(
        dispatcher, wechat_platform: FakePlatform, redis, channel: str, path: str, failure: str):  # noqa: F811
    await queue_push(channel, redis)
    wechat_platform.hang = 0.6  # longer than the dispatcher client's timeout
    wechat_platform.fail(path, *[failure] * 3)  # every attempt of the first run
    first = await dispatch_due(dispatcher, now=NOON)
    row = await Outbox.get()
    if failure == "timeout" and path != TOKEN:  # the platform may have the message: never sent twice
        assert (first.dead, row.status) == (1, "unknown")
        await dispatch_due(dispatcher, now=NOON + timedelta(hours=3))
        assert delivered(wechat_platform, channel) <= 1 and (await Outbox.get()).status == "unknown"
        return
    assert (first.deferred, row.status, row.attempts) == (1, "pending", 1), row.error
    assert row.due_at == NOON + timedelta(seconds=60)  # backoff, not at once
    assert delivered(wechat_platform, channel) == 0
    wechat_platform.failures.clear()
    dispatcher.client.breaker.close()
    assert (await dispatch_due(dispatcher, now=row.due_at)).sent == 1
    await dispatch_due(dispatcher, now=row.due_at + timedelta(hours=1))
    assert delivered(wechat_platform, channel) == 1 and (await Outbox.get()).status == "sent"
