"""`python main.py serve --workers N`: N processes on one port (SO_REUSEPORT), sharing state through
REDIS_URL; without it more than one worker is refused, in one line that says why. The two-worker test
needs a real Redis: YIMEN_TEST_REDIS_URL (eval "$(scripts/services.sh start)")."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from tests import backend

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("YIMEN_TEST_REDIS_URL")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    return {**env, "DATABASE_URL": backend.database_url(tmp_path), "YIMEN_UPLOADS_DIR": str(tmp_path / "up"),
            **extra}


def test_more_than_one_worker_without_redis_is_refused_in_one_line(tmp_path: Path):
    done = subprocess.run([sys.executable, "main.py", "serve", "--workers", "2", "--port", str(free_port())],
                          cwd=ROOT, env=environment(tmp_path), capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "REDIS_URL" in lines[0] and "one process" in lines[0], done.stderr


@pytest.mark.skipif(not REDIS_URL, reason="set YIMEN_TEST_REDIS_URL (eval \"$(scripts/services.sh start)\")")
async def test_two_workers_share_the_port_and_both_answer(tmp_path: Path):
    assert REDIS_URL is not None
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "main.py", "serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=environment(tmp_path, REDIS_URL=REDIS_URL), stdout=out, stderr=subprocess.STDOUT)
    try:
        seen: set[str] = set()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 90
        # a new connection each time: the kernel picks a worker per connection
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as http:
            while seen != {"worker1", "worker2"}:
                assert loop.time() < deadline, f"workers answering: {seen}\n{log.read_text()}"
                assert server.poll() is None, log.read_text()
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                        assert response.status == 200
                        assert (await response.json())["status"] == "ok"
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.2)  # not listening yet
                    continue
                await asyncio.sleep(0.05)  # the access log line is written after the response
                text = log.read_text()
                seen = {name for name in ("worker1", "worker2") if f"yimen.{name}.access: GET /healthz 200" in text}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode == 0, log.read_text()


def test_workers_on_a_port_in_use_are_refused_at_start_in_one_line(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "main.py", "serve", "--workers", "2", "--host", "127.0.0.1",
                               "--port", str(port)], cwd=ROOT, env=environment(tmp_path, REDIS_URL="redis://127.0.0.1:1/0"),
                              capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"cannot listen on 127.0.0.1:{port}" in lines[0], done.stderr
