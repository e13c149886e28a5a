"""A replay after a restart, on the embedded default (SQLite, no REDIS_URL): the remembered nonces and
answer keys live in the database, so a new process on the same database still refuses them."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

import handlers.robot
from appointments import BookingRules, book_slot
from catalog import load_catalog
from core.db import open_database
from core.settings import Settings
from handlers.app import create_app
from handlers.keys import catalog_key, clock_key
from handlers.parts import MODEL_MODULES
from identity import add_device, citizen_for_oa
from tests import backend
from tests.appointments.factories import at, catalog_file
from tests.fakes.wechat_platform import FakePlatform, wechat_platform  # noqa: F401  (a fixture)
from tests.wechat.callback import WeChatSender, message, xml

VICTIM = "oYmnT0penid_citizen-victim1"


@pytest.fixture
def settings(tmp_path, wechat_platform: FakePlatform) -> Settings:  # noqa: F811
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(), wechat_mode="plain",
                    wechat_api_base=wechat_platform.url, wechat_appid=wechat_platform.app_id,
                    wechat_appsecret=wechat_platform.secret, robot_key_secret="a test secret for device keys")


@pytest.fixture
async def our_catalog(settings):
    async with open_database(settings.database_url, MODEL_MODULES):
        await load_catalog(catalog_file())


async def test_a_captured_plain_mode_signature_carries_no_other_body_after_a_restart(
        aiohttp_client, settings, clock, our_catalog):
    first = await aiohttp_client(create_app(settings, clock=clock))
    catalog = first.app[catalog_key]
    victim = await citizen_for_oa(VICTIM)
    booking = await book_slot(victim.id, catalog.items["id_card_renewal"], catalog.halls["district_center"],
                              at(2026, 11, 26, 9), now=clock.now(), rules=BookingRules())
    wechat = WeChatSender(first, settings)
    captured = wechat.query(nonce="31337")
    answer = await wechat.post(xml(message("text", Content="你好")), captured)
    assert answer.status == 200
    await first.close()  # the process stops: its in-process Redis is gone

    again = await aiohttp_client(create_app(settings, clock=clock))
    wechat = WeChatSender(again, settings)
    nosy = xml(message("text", openid=VICTIM, Content="我约了哪天"))
    replayed = await wechat.post(nosy, captured)
    assert replayed.status == 403 and "replayed" in replayed.text
    assert booking.code not in replayed.text and "预约" not in replayed.text
    honest = await wechat.post(nosy, wechat.query())  # the same body, freshly signed: the booking is there
    assert honest.status == 200 and booking.code in honest.text


async def test_a_replayed_robot_request_after_a_restart_gets_the_first_answer_without_a_second_turn(
        aiohttp_client, settings, clock, monkeypatch):
    turns = []
    original = handlers.robot.respond

    async def counted(inbound, assistant, *, now):
        turns.append(inbound.text)
        return await original(inbound, assistant, now=now)

    monkeypatch.setattr(handlers.robot, "respond", counted)
    first = await aiohttp_client(create_app(settings, clock=clock))
    key = await add_device("kiosk-zumiao-1", "zumiao", secret=settings.robot_key_secret, now=clock.now())
    body = json.dumps({"conversation_id": "visit-1", "text": "换身份证要多少钱"}, ensure_ascii=False).encode()
    timestamp = str(int(first.app[clock_key].now().timestamp()))
    headers = {"X-Device-Id": "kiosk-zumiao-1", "X-Timestamp": timestamp, "Content-Type": "application/json",
               "X-Signature": hmac.new(key.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()}
    answered = await first.post("/robot/v1/messages", data=body, headers=headers)
    assert answered.status == 200  # embedded, the answer outlives the in-process Redis in the database
    said = await answered.json()
    await first.close()

    again = await aiohttp_client(create_app(settings, clock=clock))
    replayed = await again.post("/robot/v1/messages", data=body, headers=headers)
    assert replayed.status == 200 and await replayed.json() == said
    assert turns == ["换身份证要多少钱"]  # the bot heard it once
