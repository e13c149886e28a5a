"""Hostile input at the halls' robots' door, /robot/v1."""

from __future__ import annotations

import json

import pytest

from handlers.keys import clock_key, settings_key
from identity import add_device
from tests.robot.conftest import sign

from .rows import HUGE_HEADER, MB, Row, answer, rows

DEVICE = "kiosk-hostile-1"
GOOD = json.dumps({"conversation_id": "visit-1", "text": "你好"}).encode()


@pytest.fixture
async def device_key(client) -> str:
    return await add_device(DEVICE, "zumiao", secret=client.app[settings_key].robot_key_secret,
                            now=client.app[clock_key].now())


def signed(client, key: str, body: bytes, *, device: str = DEVICE, skew: int = 0) -> dict[str, str]:
    timestamp = str(int(client.app[clock_key].now().timestamp()) + skew)
    return {"X-Device-Id": device, "X-Timestamp": timestamp, "X-Signature": sign(key, timestamp, body),
            "Content-Type": "application/json"}


SIGNED = rows(  # signed with the device's key: the body alone is hostile
    Row("malformed json", "POST", "/robot/v1/messages", 400, b'{"conversation_id": '),
    Row("json array", "POST", "/robot/v1/messages", 422, b"[1, 2]"),
    Row("bad conversation id", "POST", "/robot/v1/messages", 422,
        json.dumps({"conversation_id": "a\nb", "text": "你好"}).encode()),
    Row("control characters in the text", "POST", "/robot/v1/messages", 200,
        json.dumps({"conversation_id": "v", "text": "你好\u0000\u001b[2J\r\n"}).encode(), within=5.0),
    Row("text too long", "POST", "/robot/v1/messages", 422,
        json.dumps({"conversation_id": "v", "text": "好" * 501}).encode()),
    Row("over 1 MB", "POST", "/robot/v1/messages", 413, b'{"text": "' + b"a" * (MB + 10) + b'"}'),
)

UNSIGNED = rows(
    Row("no headers", "POST", "/robot/v1/messages", 401, GOOD),
    Row("signature not hex", "POST", "/robot/v1/messages", 401, GOOD,
        {"X-Device-Id": DEVICE, "X-Timestamp": "1", "X-Signature": "z" * 64}),
    Row("huge header", "POST", "/robot/v1/messages", 400, GOOD, {"X-Device-Id": HUGE_HEADER}),
    Row("newline in the path", "POST", "/robot/v1/messages%0aPOST%20/robot/v1/messages%20200", 404, GOOD),
)


@pytest.mark.parametrize("row", SIGNED)
async def test_a_signed_hostile_body_is_refused_in_time(client, device_key, row: Row):
    status, _ = await answer(client, row, headers=signed(client, device_key, row.body))
    assert status == row.status, row.name


@pytest.mark.parametrize("row", UNSIGNED)
async def test_an_unsigned_request_is_refused_in_time(client, device_key, row: Row):
    status, _ = await answer(client, row)
    assert status == row.status, row.name


@pytest.mark.parametrize(("name", "how"), [("forged key", {"key": "not the key"}),
                                           ("unknown device", {"device": "kiosk-nobody"}),
                                           ("stale timestamp", {"skew": -301})])
async def test_bad_signatures_are_403_in_time(client, device_key, name, how):
    headers = signed(client, how.get("key", device_key), GOOD, device=how.get("device", DEVICE),
                     skew=how.get("skew", 0))
    status, body = await answer(client, Row(name, "POST", "/robot/v1/messages", 403, GOOD), headers=headers)
    assert status == 403
    assert json.loads(body)["error"]["code"] == ("stale_timestamp" if "skew" in how else "bad_signature")
