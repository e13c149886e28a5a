"""The platform's side of a callback, for handler tests: XML messages, signed queries, safe-mode
encryption done with wechatpy's own WeChatCrypto (so our decryption is checked against it).

Handler test modules import the fixtures below (`mode`, `settings`, `wechat`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import pytest
import xmltodict
from aiohttp.test_utils import TestClient
from wechatpy.crypto import WeChatCrypto

from core.settings import Settings
from tests import backend
from tests.conftest import NOV_25_10AM
from tests.fakes.wechat_platform import FakePlatform, wechat_platform  # noqa: F401  (a fixture)
from wechat import sign

AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"  # a 43-character EncodingAESKey
ACCOUNT = "gh_3f4a5b6c7d8e"
OPENID = "oYmnT0penid_citizen-000001"
NOW = int(NOV_25_10AM.timestamp())
MODES = ("plain", "compat", "safe")

_ids = itertools.count(24_000_000_000_000_001)
_nonces = itertools.count(100_000)


def next_msg_id() -> int:
    return next(_ids)


def xml(fields: dict[str, Any]) -> str:
    def node(name: str, value: Any) -> str:
        if isinstance(value, int | float):
            return f"<{name}>{value}</{name}>"
        return f"<{name}><![CDATA[{value}]]></{name}>"

    return "<xml>" + "".join(node(k, v) for k, v in fields.items()) + "</xml>"


def message(msg_type: str, *, openid: str = OPENID, create_time: int = NOW, msg_id: int | None = None,
            **extra: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {"ToUserName": ACCOUNT, "FromUserName": openid, "CreateTime": create_time,
                              "MsgType": msg_type, **extra}
    if msg_type != "event":
        fields["MsgId"] = msg_id if msg_id is not None else next_msg_id()
    return fields


def event(name: str, *, openid: str = OPENID, create_time: int = NOW, **extra: Any) -> dict[str, Any]:
    return message("event", openid=openid, create_time=create_time, Event=name, **extra)


@dataclass
class Answer:
    status: int
    text: str
    fields: dict[str, Any] = field(default_factory=dict)  # the reply XML's fields, decrypted

    @property
    def content(self) -> str:
        return self.fields.get("Content", "")


class WeChatSender:
    """Posts callbacks to /wechat the way the platform would in the app's mode."""

    def __init__(self, client: TestClient, settings: Settings) -> None:
        self.client, self.settings = client, settings
        self.crypto = WeChatCrypto(settings.wechat_token, AES_KEY, settings.wechat_appid)

    def query(self, *, timestamp: int = NOW, nonce: str | None = None, encrypt: str | None = None,
              encrypted: bool | None = None) -> dict[str, str]:
        nonce = nonce or str(next(_nonces))
        q = {"signature": sign(self.settings.wechat_token, str(timestamp), nonce), "timestamp": str(timestamp),
             "nonce": nonce, "openid": OPENID}
        if encrypted if encrypted is not None else self.settings.wechat_mode != "plain":
            q["encrypt_type"] = "aes"
            if encrypt is not None:
                q["msg_signature"] = sign(self.settings.wechat_token, str(timestamp), nonce, encrypt)
        return q

    def seal(self, inner: str, *, timestamp: int, nonce: str) -> str:
        envelope = xmltodict.parse(self.crypto.encrypt_message(inner, nonce, str(timestamp)))["xml"]
        return envelope["Encrypt"]

    async def send(self, fields: dict[str, Any], *, timestamp: int = NOW, nonce: str | None = None) -> Answer:
        nonce = nonce or str(next(_nonces))
        mode = self.settings.wechat_mode
        if mode == "plain":
            return await self.post(xml(fields), self.query(timestamp=timestamp, nonce=nonce))
        encrypt = self.seal(xml(fields), timestamp=timestamp, nonce=nonce)
        outer = {**fields, "Encrypt": encrypt} if mode == "compat" else {"ToUserName": ACCOUNT, "Encrypt": encrypt}
        return await self.post(xml(outer), self.query(timestamp=timestamp, nonce=nonce, encrypt=encrypt))

    async def post(self, body: str | bytes, query: dict[str, str]) -> Answer:
        response = await self.client.post("/wechat", params=query, data=body,
                                          headers={"Content-Type": "text/xml"})
        text = await response.text()
        return Answer(response.status, text, self.open(text) if text.startswith("<xml>") else {})

    def open(self, text: str) -> dict[str, Any]:
        fields = xmltodict.parse(text)["xml"]
        if "Encrypt" in fields:
            assert set(fields) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
            inner = self.crypto.decrypt_message(text, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"])
            fields = xmltodict.parse(inner)["xml"]
            fields["_encrypted"] = True
        return dict(fields)


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def settings(tmp_path: Any, wechat_platform: FakePlatform, mode: str) -> Settings:  # noqa: F811
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                    wechat_api_base=wechat_platform.url, wechat_appid=wechat_platform.app_id,
                    wechat_appsecret=wechat_platform.secret, wechat_mode=mode, wechat_aes_key=AES_KEY)


@pytest.fixture
def wechat(client: TestClient, settings: Settings) -> WeChatSender:
    return WeChatSender(client, settings)


@dataclass
class Bot:
    """What the bot heard, at the test's edge (respond wrapped); `delay` makes it slow, `reply` overrides it."""

    heard: list[Any] = field(default_factory=list)
    delay: float = 0.0
    reply: Any = None


@pytest.fixture
def bot(monkeypatch: pytest.MonkeyPatch) -> Bot:
    import asyncio

    import handlers.wechat

    recorder = Bot()
    original = handlers.wechat.respond

    async def respond(inbound: Any, assistant: Any, *, now: Any) -> Any:
        recorder.heard.append(inbound)
        if recorder.delay:
            await asyncio.sleep(recorder.delay)
        if recorder.reply is not None:
            return recorder.reply
        return await original(inbound, assistant, now=now)

    monkeypatch.setattr(handlers.wechat, "respond", respond)
    return recorder


async def redis_keys(client: TestClient) -> list[str]:
    """Redis's keys but the refusal counters (handlers/limits.py): all that a refused request may write."""
    from handlers.keys import redis_key

    return sorted(k for k in await client.server.app[redis_key].keys("*") if not k.startswith("rate:refusals:"))
