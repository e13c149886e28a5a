"""The README's commands as a citizen or operator runs them: real processes, empty databases."""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from catalog.models import ServiceItemRow
from core.db import open_database
from handlers.parts import MODEL_MODULES
from tests import backend

ROOT = Path(__file__).resolve().parent.parent


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "YIMEN_", "REDIS_URL", "DATABASE_URL"))}
    return env | {"DATABASE_URL": backend.database_url(tmp_path, "yimen")} | extra


def test_chat_reads_one_message_a_line_and_answers_each(tmp_path):
    result = subprocess.run(
        [sys.executable, "main.py", "chat"], cwd=ROOT, env=environment(tmp_path),
        input="你好\n换身分证要带啥\n2\n转人工\n", capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answers = [a for a in result.stdout.split("一门：") if a.strip()]
    assert len(answers) == 4
    assert "办事指南" in answers[0]
    assert "居民身份证换领" in answers[1] and "1." in answers[1]  # which situation applies
    assert "所需材料" in answers[2]
    assert "人工" in answers[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_on_an_empty_database_answers_healthz_and_wechat(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "main.py", "serve", "--port", str(port)], cwd=ROOT, env=environment(tmp_path),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "serve did not become ready"
                time.sleep(0.1)
        timestamp, nonce = str(int(time.time())), "42"
        signature = hashlib.sha1("".join(sorted(["yimendevtoken", timestamp, nonce])).encode()).hexdigest()
        url = f"http://127.0.0.1:{port}/wechat?signature={signature}&timestamp={timestamp}&nonce={nonce}&echostr=hello"
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.read() == b"hello"
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert asyncio.run(catalog_items(environment(tmp_path)["DATABASE_URL"])) > 0  # schema and catalog made on start


async def catalog_items(database_url: str) -> int:
    async with open_database(database_url, MODEL_MODULES):
        return await ServiceItemRow.all().count()
