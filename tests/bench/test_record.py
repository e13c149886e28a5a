"""bench/record.lua and bench/record_load.py: the messages wrk sends are all distinct and signed the
way Yimen's own checks accept, in plaintext and safe mode; replies are classified as Yimen sends them."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bench.record_load import (
    ACCOUNT,
    APP_ID,
    KNOWN,
    KNOWN_PREFIX,
    LUA,
    NEW_PREFIX,
    SORRY_MARK,
    TOKEN,
    Messages,
    Signer,
    write_config,
    write_pool,
)
from bench.wechat import aes_key
from wechat import (
    check_msg_signature,
    check_signature,
    decrypt_message,
    encrypt_reply,
    parse_fields,
    read_message,
    text_reply,
)
from wechat.messages import Message

TEXTS = ["换身份证要带什么", "护照怎么办", "你好", "我想预约明天上午十点去祖庙办护照"]

needs_wrk = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk (Debian package) is not installed")


async def capture(aiohttp_server: Any, tmp_path: Path, **config: object) -> list[tuple[dict[str, str], bytes]]:
    """Run wrk with record.lua for a second against a server that keeps every request."""
    seen: list[tuple[dict[str, str], bytes]] = []

    async def keep(request: web.Request) -> web.Response:
        seen.append((dict(request.query), await request.read()))
        return web.Response(text="success")

    app = web.Application()
    app.router.add_post("/wechat", keep)
    server = await aiohttp_server(app)
    conf = tmp_path / "wrk.conf"
    write_config(conf, token=TOKEN, account=ACCOUNT, path="/wechat", run="424242", seed=424242,
                 texts=tmp_path / "texts.txt", known=KNOWN, known_share=0.8, known_prefix=KNOWN_PREFIX,
                 new_prefix=NEW_PREFIX, sorry=SORRY_MARK, threads=2, stride=1, samples=tmp_path / "s", **config)
    (tmp_path / "texts.txt").write_text("\n".join(TEXTS) + "\n", encoding="utf-8")
    wrk = await asyncio.create_subprocess_exec(
        "wrk", "-t", "2", "-c", "4", "-d", "1s", "-s", str(LUA), str(server.make_url("/")), "--", str(conf),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await wrk.communicate()
    assert wrk.returncode == 0, err.decode()
    assert b"RECORD requests=" in out and b" exhausted=0" in out  # in safe mode: no pool line sent twice
    return seen


def assert_distinct(messages: list[Message], nonces: list[str]) -> None:
    assert len(messages) > 20
    assert len({m.msg_id for m in messages}) == len(messages)
    assert len(set(nonces)) == len(nonces)
    assert {m.fields["Content"] for m in messages} <= set(TEXTS)
    assert all(m.account == ACCOUNT and m.msg_type == "text" for m in messages)
    known = [m for m in messages if m.openid.startswith(KNOWN_PREFIX)]
    new = [m for m in messages if m.openid.startswith(NEW_PREFIX)]
    assert len(known) + len(new) == len(messages) and known and new
    assert all(0 <= int(m.openid.removeprefix(KNOWN_PREFIX)) < KNOWN for m in known)
    assert len({m.openid for m in new}) == len(new)  # a new follower is new once


@needs_wrk
async def test_plaintext_requests_are_distinct_and_signed(aiohttp_server: Any, tmp_path: Path) -> None:
    seen = await capture(aiohttp_server, tmp_path, mode="plain", pool="")
    for query, _ in seen:
        check_signature(TOKEN, query)  # raises ForgedSignature otherwise
    assert_distinct([read_message(parse_fields(body)) for _, body in seen], [q["nonce"] for q, _ in seen])


@needs_wrk
async def test_safe_mode_pool_is_sent_once_each_and_decrypts(aiohttp_server: Any, tmp_path: Path) -> None:
    key = aes_key()
    signer = Signer("safe", key)
    pool = tmp_path / "pool.txt"
    write_pool(pool, Messages(signer, TEXTS, "515151"), 30_000)  # more than a second of wrk sends here
    lines = {line.split("\t")[1] for line in pool.read_text(encoding="utf-8").splitlines()}
    seen = await capture(aiohttp_server, tmp_path, mode="safe", pool=pool)
    messages = []
    for query, body in seen:
        assert body.decode() in lines
        fields = parse_fields(body)
        check_signature(TOKEN, query)
        check_msg_signature(TOKEN, query, fields["Encrypt"])
        messages.append(read_message(parse_fields(decrypt_message(fields["Encrypt"], signer.crypto.key, APP_ID))))
    assert_distinct(messages, [q["nonce"] for q, _ in seen])


def test_replies_are_classified_as_yimen_sends_them() -> None:
    key = aes_key()
    plain, safe = Signer("plain", key), Signer("safe", key)
    answer = text_reply(account=ACCOUNT, openid="o1", create_time=1, content="换身份证请带上户口本。")
    sorry = text_reply(account=ACCOUNT, openid="o1", create_time=1, content=f"抱歉，{SORRY_MARK}了。")
    assert [plain.kind(200, answer), plain.kind(200, sorry), plain.kind(200, "success"), plain.kind(500, answer)] \
        == ["answered", "sorry", "late", "failed"]
    sealed = encrypt_reply(answer, token=TOKEN, aes_key=safe.crypto.key, app_id=APP_ID,
                           timestamp="1", nonce="2")
    assert safe.kind(200, sealed) == "answered"
