"""handlers.once.answer_once as the WeChat endpoint uses it: direct within the deadline, else late,
exactly one of the two, across processes sharing one Redis. (Lives here with its one caller.)"""

from __future__ import annotations

import asyncio

import pytest
from fakeredis import FakeServer

from bot import Reply
from core.remembered import RedisMemory
from handlers.once import answer_once, message_key
from tests import backend

INBOUND = message_key("wechat", "o_1", "1001", "你好")
REPLY = Reply.plain("您好！")


class Recorder:
    def __init__(self, delay: float = 0.0) -> None:
        self.delay, self.produced, self.late = delay, 0, []

    async def produce(self) -> Reply:
        self.produced += 1
        await asyncio.sleep(self.delay)
        return REPLY

    async def deliver(self, reply: Reply) -> None:
        self.late.append(reply)


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


def connection(server: FakeServer) -> RedisMemory:
    return RedisMemory(backend.redis_client(server))


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0.02)


async def test_ready_within_the_deadline_is_answered_directly(server):
    bot = Recorder()
    assert await answer_once(INBOUND, connection(server), bot.produce, wait=0.5, deliver_late=bot.deliver) == REPLY
    await settle()
    assert (bot.produced, bot.late) == (1, [])


async def test_late_is_delivered_once_and_a_retry_says_nothing(server):
    bot = Recorder(delay=0.2)
    assert await answer_once(INBOUND, connection(server), bot.produce, wait=0.05, deliver_late=bot.deliver) is None
    await asyncio.sleep(0.3)
    assert bot.late == [REPLY]
    assert await answer_once(INBOUND, connection(server), bot.produce, wait=0.5, deliver_late=bot.deliver) is None
    await settle()
    assert (bot.produced, bot.late) == (1, [REPLY])


async def test_a_retry_in_another_process_waits_for_the_first(server):
    first, other = Recorder(delay=0.2), Recorder()
    # the first claims the message before the retry comes (on a real Redis, of two connections opened
    # at once either may reach the server first)
    started = asyncio.create_task(
        answer_once(INBOUND, connection(server), first.produce, wait=1.0, deliver_late=first.deliver))
    for _ in range(200):
        if first.produced:
            break
        await asyncio.sleep(0.01)
    retried = await answer_once(INBOUND, connection(server), other.produce, wait=1.0, deliver_late=other.deliver)
    direct = await started
    assert direct == retried == REPLY
    assert (first.produced, other.produced, first.late, other.late) == (1, 0, [], [])


async def test_direct_and_late_never_both_happen(server):
    for attempt in range(10):
        inbound = message_key("wechat", "o_1", f"race-{attempt}", "")
        bot = Recorder(delay=0.1)
        first = answer_once(inbound, connection(server), bot.produce, wait=0.05, deliver_late=bot.deliver)
        retry = answer_once(inbound, connection(server), bot.produce, wait=0.5, deliver_late=bot.deliver)
        answers = await asyncio.gather(first, retry)
        await settle()
        assert answers[0] is None
        assert [answers[1]].count(REPLY) + len(bot.late) == 1
        assert bot.produced == 1


async def test_a_failed_production_frees_the_message_for_the_retry(server):
    async def broken() -> Reply:
        raise RuntimeError("bot tripped")

    with pytest.raises(RuntimeError):
        await answer_once(INBOUND, connection(server), broken, wait=0.5, deliver_late=Recorder().deliver)
    bot = Recorder()
    assert await answer_once(INBOUND, connection(server), bot.produce, wait=0.5, deliver_late=bot.deliver) == REPLY


async def test_without_deliver_late_the_first_delivery_waits_as_long_as_it_takes(server):
    bot = Recorder(delay=0.1)
    assert await answer_once(INBOUND, connection(server), bot.produce, wait=0.01) == REPLY
    assert await answer_once(INBOUND, connection(server), bot.produce, wait=0.01) == REPLY
    assert bot.produced == 1


def test_the_same_message_id_from_another_sender_or_with_other_words_is_another_message():
    first = message_key("wechat", "o_1", "1001", "你好")
    assert message_key("wechat", "o_2", "1001", "你好") != first  # another follower
    assert (message_key("robot", "kiosk-1:visit-2", "1", "办护照")
            != message_key("robot", "kiosk-1:visit-3", "1", "办护照"))
    assert message_key("wechat", "o_1", "1001", "办护照") != first
    assert message_key("wechat", "o_1", "1001", "你好") == first
