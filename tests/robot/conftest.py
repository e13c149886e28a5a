"""A registered kiosk and a way to send it signed messages."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient

from core.settings import Settings
from handlers.keys import clock_key, settings_key
from identity import add_device
from tests import backend

DEVICE = "kiosk-zumiao-1"
Send = Callable[..., Awaitable[ClientResponse]]


def sign(key: str, timestamp: str, body: bytes) -> str:
    return hmac.new(key.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                    robot_key_secret="a test secret for device keys")


@pytest.fixture
async def device_key(client: TestClient) -> str:
    return await add_device(DEVICE, "zumiao", secret=client.app[settings_key].robot_key_secret,
                            now=client.app[clock_key].now())


@pytest.fixture
def send(client: TestClient, device_key: str) -> Send:
    """send(text, conversation=…, key=…, device=…, skew=seconds, body=raw) → the response."""

    async def post(text: str = "", *, conversation: str = "visit-1", key: str | None = None, device: str = DEVICE,
                   skew: int = 0, body: bytes | None = None, message_id: str | None = None,
                   headers: dict[str, str] | None = None) -> ClientResponse:
        payload: dict[str, Any] = {"conversation_id": conversation, "text": text}
        if message_id:
            payload["message_id"] = message_id
        raw = body if body is not None else json.dumps(payload, ensure_ascii=False).encode()
        timestamp = str(int(client.app[clock_key].now().timestamp()) + skew)
        signed = {"X-Device-Id": device, "X-Timestamp": timestamp,
                  "X-Signature": sign(key or device_key, timestamp, raw), "Content-Type": "application/json"}
        return await client.post("/robot/v1/messages", data=raw, headers=signed if headers is None else headers)

    return post
