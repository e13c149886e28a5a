"""scripts/services.sh: `make test` stops only the servers it started (Redis here, on a spare port)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def services(tmp_path: Path, action: str, port: int) -> str:
    env = {**os.environ, "YIMEN_REDIS_PORT": str(port), "YIMEN_PG_BIN": ""}  # PostgreSQL left out: slow to init
    result = subprocess.run(["sh", str(tmp_path / "scripts" / "services.sh"), action], env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    return result.stdout


def answers(port: int) -> bool:
    ping = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True)
    return ping.stdout.strip() == "PONG"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "services.sh", tmp_path / "scripts" / "services.sh")
    return tmp_path


def test_a_server_it_started_is_stopped_again(checkout):
    port = free_port()
    assert f"YIMEN_TEST_REDIS_URL=redis://127.0.0.1:{port}/0" in services(checkout, "start", port)
    try:
        assert answers(port)
        services(checkout, "stop-started", port)
        assert not answers(port)
    finally:
        subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)


def test_a_server_that_was_already_running_is_left_running(checkout, tmp_path_factory):
    port = free_port()
    elsewhere = tmp_path_factory.mktemp("other-redis")
    subprocess.run(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--daemonize", "yes",
                    "--pidfile", str(elsewhere / "redis.pid")], check=True, capture_output=True)
    try:
        for _ in range(50):
            if answers(port):
                break
            time.sleep(0.1)
        services(checkout, "start", port)
        services(checkout, "stop-started", port)
        assert answers(port)
    finally:
        subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)
