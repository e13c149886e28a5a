"""/readyz names the part that is gone (here: a real Redis server this test stops); /healthz stays alive."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from core.settings import Settings
from handlers.app import create_app
from tests import backend

ALL_OK = {"database": "ok", "redis": "ok", "broker": "ok"}


async def test_ready_when_every_part_answers(client):
    response = await client.get("/readyz")
    assert response.status == 200
    assert await response.json() == ALL_OK


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path) -> Iterator[tuple[str, subprocess.Popen]]:
    """A Redis server of this test's own, so stopping it touches nobody else's."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs Debian's redis-server")
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", server
    server.kill()
    server.wait()


async def test_not_ready_once_redis_is_gone_and_alive_all_the_same(aiohttp_client, tmp_path, clock, redis_server):
    url, server = redis_server
    settings = Settings(database_url=backend.database_url(tmp_path), redis_url=url)
    client = await aiohttp_client(create_app(settings, clock=clock))
    assert await (await client.get("/readyz")).json() == ALL_OK
    metrics = await (await client.get("/metrics")).text()
    assert "yimen_jobs_waiting" in metrics and "yimen_jobs_in_progress" in metrics  # the stream's gauges
    server.kill()
    server.wait()
    response = await client.get("/readyz")
    assert response.status == 503
    assert await response.json() == {"database": "ok", "redis": "unreachable", "broker": "unreachable"}
    assert (await client.get("/healthz")).status == 200
    assert (await client.get("/metrics")).status == 200  # the counters still, without the stream's gauges
