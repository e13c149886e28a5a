"""Callback signatures and safe-mode crypto, checked against wechatpy's own implementation."""

from __future__ import annotations

import hashlib

import pytest
import xmltodict
from wechatpy.crypto import WeChatCrypto

from core.settings import aes_key_bytes
from wechat import (
    ForgedSignature,
    MalformedMessage,
    StaleTimestamp,
    check_msg_signature,
    check_signature,
    check_timestamp,
    decrypt_message,
    encrypt_reply,
    sign,
)

TOKEN, APP_ID = "yimendevtoken", "wx0000000000000000"
AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"


def test_sign_is_sha1_of_the_sorted_parts():
    expected = hashlib.sha1("".join(sorted([TOKEN, "1700000000", "42"])).encode()).hexdigest()
    assert sign(TOKEN, "1700000000", "42") == expected


def test_check_signature_returns_timestamp_and_nonce():
    query = {"signature": sign(TOKEN, "1700000000", "42"), "timestamp": "1700000000", "nonce": "42"}
    assert check_signature(TOKEN, query) == ("1700000000", "42")


@pytest.mark.parametrize("query", [
    {},
    {"signature": "", "timestamp": "1700000000", "nonce": "42"},
    {"signature": "0" * 40, "timestamp": "1700000000", "nonce": "42"},
    {"signature": "非ascii的签名", "timestamp": "1700000000", "nonce": "42"},  # compare_digest on bytes: no TypeError
    {"signature": sign(TOKEN, "17e8", "42"), "timestamp": "17e8", "nonce": "42"},
    {"signature": sign(TOKEN, "1700000000", "a:b"), "timestamp": "1700000000", "nonce": "a:b"},
])
def test_bad_signatures_are_forged(query):
    with pytest.raises(ForgedSignature):
        check_signature(TOKEN, query)


def test_msg_signature_covers_the_encrypt():
    query = {"timestamp": "1700000000", "nonce": "42", "msg_signature": sign(TOKEN, "1700000000", "42", "ENC")}
    check_msg_signature(TOKEN, query, "ENC")
    with pytest.raises(ForgedSignature):
        check_msg_signature(TOKEN, query, "ENC2")


def test_timestamp_window():
    check_timestamp("1700000000", 1700000300, 300)
    with pytest.raises(StaleTimestamp):
        check_timestamp("1700000000", 1700000301, 300)
    with pytest.raises(StaleTimestamp):
        check_timestamp("1700000301", 1700000000, 300)


def test_decrypt_opens_what_wechatpy_seals():
    platform = WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    envelope = xmltodict.parse(platform.encrypt_message("<xml><Content>你好</Content></xml>", "42", "1700000000"))
    plain = decrypt_message(envelope["xml"]["Encrypt"], aes_key_bytes(AES_KEY), APP_ID)
    assert plain.decode() == "<xml><Content>你好</Content></xml>"


def test_decrypt_refuses_another_appid():
    envelope = xmltodict.parse(WeChatCrypto(TOKEN, AES_KEY, "wx1111111111111111").encrypt_message("<xml/>", "1", "1"))
    with pytest.raises(MalformedMessage) as caught:
        decrypt_message(envelope["xml"]["Encrypt"], aes_key_bytes(AES_KEY), APP_ID)
    assert caught.value.code == "wrong_appid"


def test_decrypt_with_the_wrong_key_is_malformed_not_a_crash():
    envelope = xmltodict.parse(WeChatCrypto(TOKEN, AES_KEY, APP_ID).encrypt_message("<xml/>", "1", "1"))
    other_key = aes_key_bytes("A" * 42 + "A")
    with pytest.raises(MalformedMessage):
        decrypt_message(envelope["xml"]["Encrypt"], other_key, APP_ID)


def test_encrypted_reply_opens_with_wechatpy():
    sealed = encrypt_reply("<xml><Content>好的</Content></xml>", token=TOKEN, aes_key=aes_key_bytes(AES_KEY),
                           app_id=APP_ID, timestamp="1700000000", nonce="42")
    fields = xmltodict.parse(sealed)["xml"]
    plain = WeChatCrypto(TOKEN, AES_KEY, APP_ID).decrypt_message(sealed, fields["MsgSignature"], "1700000000", "42")
    assert plain == "<xml><Content>好的</Content></xml>"
