"""The 48-hour window is noted once a minute per citizen at most: a message costs no Redis call
for a window this process noted a moment ago, and a staff reply waiting for the message still goes."""

from __future__ import annotations

from datetime import timedelta

from handlers.keys import redis_key
from handlers.wechat_windows import NOTE_AGAIN, NotedWindows
from notify import within_window
from notify.consent import await_message
from tests.conftest import NOV_25_10AM


async def test_a_window_noted_a_moment_ago_is_not_noted_again(client):
    redis = client.server.app[redis_key]
    windows = NotedWindows(redis)
    await windows.note("c1", NOV_25_10AM)
    assert await within_window(redis, "c1", NOV_25_10AM)
    await redis.delete("notify:last_message:c1")  # only to see whether the next note reaches Redis
    await windows.note("c1", NOV_25_10AM + timedelta(seconds=NOTE_AGAIN - 1))
    assert not await within_window(redis, "c1", NOV_25_10AM)
    await windows.note("c1", NOV_25_10AM + timedelta(seconds=NOTE_AGAIN))
    assert await within_window(redis, "c1", NOV_25_10AM + timedelta(seconds=NOTE_AGAIN))


async def test_a_reply_waiting_for_the_citizen_is_due_when_they_write(client):
    redis = client.server.app[redis_key]
    windows = NotedWindows(redis)
    await windows.note("c2", NOV_25_10AM)
    later = NOV_25_10AM + timedelta(days=3)  # the window closed: a staff reply waits for a message
    await await_message(redis, "c2", timedelta(days=1))
    await windows.note("c2", later)
    assert await redis.get("notify:awaiting_message:c2") is None and await within_window(redis, "c2", later)
