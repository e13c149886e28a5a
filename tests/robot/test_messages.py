"""The voice robot: signed requests, speech to be spoken, the full reply for the screen."""

from __future__ import annotations

import base64
import json
import re
import shutil

import pytest

from handlers.keys import clock_key
from handlers.robot_speech import MAX_SPEECH, MORE_ON_SCREEN, SEE_SCREEN
from identity import DeviceKeyError, RobotDevice
from identity.robot_devices import open_key

from .conftest import DEVICE, sign


def assert_error(body: dict, code: str) -> None:
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]


def assert_speakable(speech: str) -> None:
    assert speech
    assert not re.search(r"[0-9【】|·\n]|https?:|[\U0001f300-\U0001faff]", speech), speech


async def test_a_signed_message_gets_speech_and_a_display(send):
    response = await send("你好")
    assert response.status == 200, await response.text()
    body = await response.json()
    assert set(body) == {"speech", "display", "audio"}
    assert_speakable(body["speech"])
    assert {"text", "choices", "cards", "links", "sections"} <= set(body["display"])
    assert body["display"]["text"]
    assert body["audio"] is None


async def test_a_notice_is_summarised_for_speech_and_shown_whole(send):
    body = await (await send("换身份证在哪里办")).json()
    for _ in range(2):  # a situation may be asked first (a notice offers more by number too)
        if body["display"]["choices"] and not body["display"]["sections"]:
            body = await (await send("第一个")).json()
    assert body["speech"].endswith((SEE_SCREEN, MORE_ON_SCREEN))
    assert_speakable(body["speech"])
    assert len(body["display"]["sections"]) > 1
    assert len(body["speech"]) < len(body["display"]["text"])
    assert "0757-" in body["display"]["text"]  # the screen keeps phone numbers as written


async def test_choices_are_spoken_and_a_spoken_number_picks_one(send):
    offered = await (await send("身份证")).json()
    choices = offered["display"]["choices"]
    assert len(choices) >= 2
    assert "第一项" in offered["speech"] and "第二项" in offered["speech"]
    picked = await (await send("第二个")).json()
    assert choices[1]["label"] in picked["display"]["text"]


async def test_each_conversation_at_a_kiosk_is_its_own(send):
    offered = await (await send("身份证", conversation="visitor-a")).json()
    other = await (await send("2", conversation="visitor-b")).json()
    assert offered["display"]["choices"][1]["label"] not in other["display"]["text"]


async def test_nothing_heard_asks_again(send):
    body = await (await send("")).json()
    assert "没听清" in body["speech"]


async def test_a_stale_or_future_timestamp_is_refused(send):
    for skew in (-301, 301, -100000):
        response = await send("你好", skew=skew)
        assert response.status == 403, skew
        assert_error(await response.json(), "stale_timestamp")
    assert (await send("你好", skew=-299)).status == 200
    assert (await send("你好", skew=299)).status == 200


async def test_a_forged_signature_or_a_tampered_body_is_refused(send, client, device_key):
    response = await send("你好", key="not-the-device-key")
    assert response.status == 403
    assert_error(await response.json(), "bad_signature")
    timestamp = str(int(client.app[clock_key].now().timestamp()))
    signed = json.dumps({"conversation_id": "v", "text": "你好"}).encode()
    tampered = json.dumps({"conversation_id": "v", "text": "转人工"}).encode()
    response = await client.post("/robot/v1/messages", data=tampered, headers={
        "X-Device-Id": DEVICE, "X-Timestamp": timestamp, "X-Signature": sign(device_key, timestamp, signed)})
    assert response.status == 403
    assert_error(await response.json(), "bad_signature")
    later = str(int(timestamp) + 1)  # the signature covers the timestamp too
    response = await client.post("/robot/v1/messages", data=signed, headers={
        "X-Device-Id": DEVICE, "X-Timestamp": later, "X-Signature": sign(device_key, timestamp, signed)})
    assert response.status == 403


async def test_an_unknown_device_answers_exactly_like_a_bad_signature(send):
    unknown = await send("你好", device="kiosk-nobody")
    forged = await send("你好", key="not the device key")
    assert unknown.status == forged.status == 403
    assert await unknown.read() == await forged.read()
    assert_error(await unknown.json(), "bad_signature")


async def test_missing_headers_are_401(send):
    for headers in ({}, {"X-Device-Id": DEVICE}, {"X-Device-Id": DEVICE, "X-Timestamp": "1", "X-Signature": "zz"}):
        response = await send("你好", headers=headers)
        assert response.status == 401, headers
        assert_error(await response.json(), "unsigned")


async def test_a_malformed_body_is_refused_after_the_signature(send):
    response = await send(body=b"not json")
    assert response.status == 400
    response = await send(body=json.dumps({"conversation_id": "bad id!", "text": "你好"}).encode())
    assert response.status == 422


async def test_a_retried_request_gets_the_same_answer_without_a_second_turn(send):
    first = await (await send("身份证", message_id="m-1")).json()
    again = await (await send("身份证", message_id="m-1")).json()
    assert first == again
    picked = await (await send("2", message_id="m-2")).json()
    assert first["display"]["choices"][1]["label"] in picked["display"]["text"]


async def test_the_device_key_is_stored_encrypted(client, device_key):
    device = await RobotDevice.get(id=DEVICE)
    assert device.stored_key.startswith("fernet:") and device_key not in device.stored_key
    assert device_key not in repr(device) and device_key not in str(device)
    assert open_key(device.stored_key, "a test secret for device keys") == device_key
    with pytest.raises(DeviceKeyError):
        open_key(device.stored_key, "another secret entirely")
    with pytest.raises(DeviceKeyError):
        open_key(device.stored_key, "")


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
async def test_speech_is_synthesised_to_wav_when_switched_on(aiohttp_client, settings, clock, tmp_path):
    import dataclasses

    from handlers.app import create_app
    from handlers.keys import settings_key
    from identity import add_device

    tts = await aiohttp_client(create_app(dataclasses.replace(settings, robot_tts="espeak-ng"), clock=clock))
    key = await add_device("kiosk-tts", "zumiao", secret=tts.app[settings_key].robot_key_secret, now=clock.now())
    raw = json.dumps({"conversation_id": "v", "text": "你好"}).encode()
    timestamp = str(int(clock.now().timestamp()))
    response = await tts.post("/robot/v1/messages", data=raw, headers={
        "X-Device-Id": "kiosk-tts", "X-Timestamp": timestamp, "X-Signature": sign(key, timestamp, raw)})
    body = await response.json()
    assert body["audio"]["content_type"] == "audio/wav"
    wav = base64.b64decode(body["audio"]["base64"])
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE" and len(wav) > 1000


async def test_a_failing_bot_still_speaks_and_the_retry_is_answered(send, monkeypatch):
    import handlers.robot

    working, calls = handlers.robot.respond, []

    async def broken_once(inbound, assistant, *, now):
        calls.append(inbound)
        if len(calls) == 1:
            raise RuntimeError("the bot tripped")
        return await working(inbound, assistant, now=now)

    monkeypatch.setattr(handlers.robot, "respond", broken_once)
    first = await send("你好", message_id="m-9")
    assert first.status == 200
    assert "开小差" in (await first.json())["speech"]
    retry = await (await send("你好", message_id="m-9")).json()
    assert "开小差" not in retry["speech"] and len(calls) == 2


async def test_the_kiosk_leads_with_its_own_hall_and_speaks_under_20_seconds(send):
    body = await (await send("换身份证要带什么")).json()
    if body["display"]["choices"] and not body["display"]["sections"]:  # which situation
        body = await (await send("第一个")).json()
    assert "本厅（祖庙街道行政服务中心）可以办理" in body["display"]["text"]
    assert "本厅" in body["speech"] and len(body["speech"]) <= MAX_SPEECH
    assert body["speech"].endswith(MORE_ON_SCREEN)
    where = await (await send("在哪办")).json()
    assert where["display"]["text"].index("祖庙") < where["display"]["text"].index("石湾")
    assert len(where["speech"]) <= MAX_SPEECH
    assert sum(hall in where["speech"] for hall in ("智慧新城", "祖庙", "石湾", "张槎", "南庄")) <= 1
