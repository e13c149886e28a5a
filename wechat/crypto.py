"""Callback security: signatures, the timestamp window, and safe-mode (AES) message crypto.

The cipher and the reply envelope come from wechatpy; the checks are stricter than its own:
signatures are compared in constant time, and a decrypted body is validated byte by byte
(strict base64, PKCS#7 padding, the length prefix, the AppID) so a bad one is a clear 400.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import struct
from collections.abc import Mapping

from wechatpy.crypto import PrpCrypto
from wechatpy.crypto.cryptography import WeChatCipher

from .errors import ForgedSignature, MalformedMessage, StaleTimestamp

TIMESTAMP = re.compile(r"\d{1,12}")
NONCE = re.compile(r"[A-Za-z0-9]{1,64}")
BLOCK = 32  # WeChat pads to 32 bytes (PKCS#7 with a 32-byte block)
RANDOM_PREFIX = 16


def sign(*parts: str) -> str:
    """WeChat's signature: SHA-1 of the sorted parts, concatenated (wechatpy's WeChatSigner sorts
    their UTF-8 bytes, which is the order of the strings)."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def same_signature(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))


def check_signature(token: str, query: Mapping[str, str]) -> tuple[str, str]:
    """Check `signature` over (token, timestamp, nonce); return (timestamp, nonce)."""
    timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
    given = query.get("signature", "")
    if not (TIMESTAMP.fullmatch(timestamp) and NONCE.fullmatch(nonce) and given):
        raise ForgedSignature("bad_signature", "signature, timestamp or nonce missing or malformed")
    if not same_signature(sign(token, timestamp, nonce), given):
        raise ForgedSignature("bad_signature", "signature does not match")
    return timestamp, nonce


def check_msg_signature(token: str, query: Mapping[str, str], encrypt: str) -> None:
    """Safe mode: `msg_signature` over (token, timestamp, nonce, Encrypt)."""
    given = query.get("msg_signature", "")
    expected = sign(token, query.get("timestamp", ""), query.get("nonce", ""), encrypt)
    if not given or not same_signature(expected, given):
        raise ForgedSignature("bad_msg_signature", "msg_signature does not match")


def check_timestamp(timestamp: str, now: float, window: int) -> None:
    if abs(int(timestamp) - now) > window:
        raise StaleTimestamp("stale_timestamp", f"timestamp is more than {window} seconds away")


def decrypt_message(encrypt: str, aes_key: bytes, app_id: str) -> bytes:
    """Open a safe-mode Encrypt: random(16) + length(4, big-endian) + xml + AppID, PKCS#7-padded."""
    try:
        sealed = base64.b64decode(encrypt, validate=True)
    except (binascii.Error, ValueError):
        raise MalformedMessage("bad_encrypt", "Encrypt is not valid base64") from None
    if not sealed or len(sealed) % 16:
        raise MalformedMessage("bad_encrypt", "Encrypt is not whole AES blocks")
    plain = WeChatCipher(aes_key).decrypt(sealed)
    pad = plain[-1]
    if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad:
        raise MalformedMessage("bad_encrypt", "bad padding (wrong EncodingAESKey?)")
    content = plain[RANDOM_PREFIX:-pad]
    if len(content) < 4:
        raise MalformedMessage("bad_encrypt", "Encrypt is too short")
    (length,) = struct.unpack(">I", content[:4])
    if length > len(content) - 4:
        raise MalformedMessage("bad_encrypt", "length prefix runs past the end")
    xml, sender = content[4 : 4 + length], content[4 + length :]
    if not hmac.compare_digest(sender, app_id.encode()):
        raise MalformedMessage("wrong_appid", "the message is for another AppID")
    return xml


def encrypt_reply(xml: str, *, token: str, aes_key: bytes, app_id: str, timestamp: str, nonce: str) -> str:
    """The safe-mode envelope around a passive reply: Encrypt, MsgSignature, TimeStamp, Nonce."""
    encrypt = PrpCrypto(aes_key).encrypt(xml, app_id).decode()
    signature = sign(token, timestamp, nonce, encrypt)
    return (
        f"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt><MsgSignature><![CDATA[{signature}]]></MsgSignature>"
        f"<TimeStamp>{timestamp}</TimeStamp><Nonce><![CDATA[{nonce}]]></Nonce></xml>"
    )
