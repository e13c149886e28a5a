"""Hostile and malformed bodies are refused fast with a 400 (or 413) and a reason, never a 500."""

from __future__ import annotations

import base64
import time
import tracemalloc

import pytest
from wechatpy.crypto import PrpCrypto

from core.settings import aes_key_bytes
from tests.wechat.callback import (  # noqa: F401  (fixtures: mode, settings, wechat, bot, wechat_platform)
    ACCOUNT,
    NOW,
    Bot,
    WeChatSender,
    bot,
    message,
    mode,
    settings,
    wechat,
    wechat_platform,
    xml,
)

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE xml [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xml><ToUserName>gh_3f4a5b6c7d8e</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>"""

TEXT = xml(message("text", Content="你好", msg_id=1))
DEEP = "<xml>" + "<a>" * 5000 + "</a>" * 5000 + "</xml>"


def error_code(answer) -> str:
    import json

    return json.loads(answer.text)["error"]["code"]


@pytest.mark.parametrize(("body", "code"), [
    (BILLION_LAUGHS, "forbidden_xml"),
    (EXTERNAL_ENTITY, "forbidden_xml"),
    ("hello, not xml", "not_xml"),
    ('{"MsgType": "text"}', "not_xml"),
    ("", "empty"),
    ("<xml><ToUserName>gh_1</ToUserName>", "not_xml"),
    ("<html><body>hi</body></html>", "not_xml"),
    (DEEP, "too_deep"),
    (TEXT.replace("<MsgType><![CDATA[text]]></MsgType>", ""), "missing_field"),
    (TEXT.replace("<FromUserName>", "<Nothing>").replace("</FromUserName>", "</Nothing>"), "missing_field"),
    (TEXT.replace(f"<CreateTime>{NOW}</CreateTime>", "<CreateTime>yesterday</CreateTime>"), "bad_field"),
    (TEXT.replace("oYmnT0penid", "o/../../x"), "bad_field"),
    (TEXT.encode("utf-8").replace("你好".encode(), "你好".encode("gbk")), "not_utf8"),
])
async def test_malformed_bodies_get_400_with_a_reason(wechat: WeChatSender, bot: Bot, mode: str, body, code: str):
    # In compat and safe mode the outer envelope is parsed first: the same defences apply there.
    query = wechat.query(encrypted=False) if mode != "safe" else wechat.query(encrypt="x")
    answer = await wechat.post(body, query)
    assert answer.status == 400, answer.text
    assert error_code(answer) in (code, "missing_field") if mode == "safe" else error_code(answer) == code
    assert bot.heard == []


@pytest.mark.parametrize("mode", ["plain"])
async def test_billion_laughs_is_refused_fast_with_flat_memory(wechat: WeChatSender, bot: Bot, mode: str):
    tracemalloc.start()
    started = time.perf_counter()
    answer = await wechat.post(BILLION_LAUGHS, wechat.query())
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert answer.status == 400
    assert elapsed < 0.5
    assert peak < 5 * 1024 * 1024


@pytest.mark.parametrize("chunked", [False, True])
async def test_an_oversized_body_gets_413(wechat: WeChatSender, bot: Bot, mode: str, chunked: bool):
    body = xml(message("text", Content="你" * 40_000))  # 120 KB: no WeChat message is that long

    async def stream():
        yield body.encode()

    answer = await wechat.post(stream() if chunked else body, wechat.query())
    assert answer.status == 413
    assert bot.heard == []


# Safe mode (and compat with encrypt_type=aes): what is inside Encrypt


def encrypted(aes_key: bytes, plain: bytes) -> str:
    """Encrypt arbitrary bytes the way the platform does, with our own padding (to forge bad ones)."""
    from wechatpy.crypto.cryptography import WeChatCipher

    return base64.b64encode(WeChatCipher(aes_key).encrypt(plain)).decode()


async def post_encrypt(wechat: WeChatSender, encrypt: str):
    query = wechat.query(nonce="777", encrypt=encrypt)
    return await wechat.post(xml({"ToUserName": ACCOUNT, "Encrypt": encrypt}), query)


@pytest.mark.parametrize("mode", ["safe", "compat"])
@pytest.mark.parametrize(("encrypt", "code"), [
    ("not base64 at all!", "bad_encrypt"),
    ("QUJD", "bad_encrypt"),  # valid base64, not whole AES blocks
    (base64.b64encode(b"\x00" * 32).decode() + "==", "bad_encrypt"),  # bad padding characters
    ("密文", "bad_encrypt"),
])
async def test_a_bad_encrypt_gets_400(wechat: WeChatSender, bot: Bot, mode: str, encrypt: str, code: str):
    answer = await post_encrypt(wechat, encrypt)
    assert (answer.status, error_code(answer)) == (400, code)
    assert bot.heard == []


@pytest.mark.parametrize("mode", ["safe"])
async def test_a_message_for_another_appid_gets_400(wechat: WeChatSender, bot: Bot, mode: str):
    key = aes_key_bytes(wechat.settings.wechat_aes_key)
    encrypt = PrpCrypto(key).encrypt(xml(message("text", Content="你好")), "wx9999999999999999").decode()
    answer = await post_encrypt(wechat, encrypt)
    assert (answer.status, error_code(answer)) == (400, "wrong_appid")
    assert bot.heard == []


@pytest.mark.parametrize("mode", ["safe"])
@pytest.mark.parametrize(("plain", "why"), [
    (b"\x00" * 31 + b"\x21", "padding byte 33"),
    (b"\x00" * 30 + b"\x02\x03", "inconsistent padding"),
    (b"R" * 16 + b"\x00\x00\x10\x00" + b"<xml/>" + b"\x06" * 6, "length past the end"),
    (b"R" * 16 + b"\x01" + b"\x0f" * 15, "too short"),
])
async def test_forged_plaintexts_get_400(wechat: WeChatSender, bot: Bot, mode: str, plain: bytes, why: str):
    encrypt = encrypted(aes_key_bytes(wechat.settings.wechat_aes_key), plain)
    answer = await post_encrypt(wechat, encrypt)
    assert (answer.status, error_code(answer)) == (400, "bad_encrypt"), why


@pytest.mark.parametrize("mode", ["safe"])
@pytest.mark.parametrize(("inner", "code"), [
    (BILLION_LAUGHS.encode(), "forbidden_xml"),
    (("<xml>" + "<a>" * 500 + "</a>" * 500 + "</xml>").encode(), "too_deep"),
    ("你好".encode("gbk"), "not_utf8"),
    (b"not xml", "not_xml"),
])
async def test_hostile_xml_inside_encrypt_gets_400(wechat: WeChatSender, bot: Bot, mode: str, inner: bytes,
                                                   code: str):
    key = aes_key_bytes(wechat.settings.wechat_aes_key)
    encrypt = PrpCrypto(key).encrypt(inner, wechat.settings.wechat_appid).decode()
    answer = await post_encrypt(wechat, encrypt)
    assert (answer.status, error_code(answer)) == (400, code)


@pytest.mark.parametrize("mode", ["safe"])
async def test_safe_mode_needs_encrypt(wechat: WeChatSender, bot: Bot, mode: str):
    answer = await wechat.post(TEXT, wechat.query(encrypt="x"))
    assert (answer.status, error_code(answer)) == (400, "missing_field")
