"""What every door does for itself: security headers, refusals limited per address (behind a trusted
proxy, the forwarded address), idle keep-alive connections closed."""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.settings import Settings
from handlers.app import create_app
from tests import backend
from tests.wechat.callback import NOW, OPENID, message, sign, xml

ROOT = Path(__file__).resolve().parent.parent.parent
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


def assert_secured(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (response.url, name)
    assert "default-src 'none'" in response.headers.get("Content-Security-Policy", ""), response.url
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


async def test_every_door_answers_with_the_security_headers(client):
    answers = [
        await client.get("/healthz"),
        await client.get("/api/v1/openapi.json"),
        await client.get("/api/v1/no-such-thing"),
        await client.post("/api/v1/sessions", data=b"{not json", headers={"Content-Type": "application/json"}),
        await client.get("/wechat", params={"signature": "x", "timestamp": "1", "nonce": "1", "echostr": "e"}),
        await client.post("/robot/v1/messages", data=b"{}"),
        await client.get("/api/staff/v1/appointments"),
        await client.get("/nowhere"),
    ]
    for response in answers:
        assert_secured(response)


def wechat_query(settings: Settings, *, good: bool) -> dict[str, str]:
    nonce = str(time.monotonic_ns())
    signature = sign(settings.wechat_token, str(NOW), nonce) if good else "0" * 40
    return {"signature": signature, "timestamp": str(NOW), "nonce": nonce, "openid": OPENID}


@pytest.fixture
def strict(settings) -> Settings:
    return dataclasses.replace(settings, refusals_per_ip=3)


async def test_refused_wechat_callbacks_are_limited_per_address(aiohttp_client, strict, clock):
    client = await aiohttp_client(create_app(strict, clock=clock))
    body = xml(message("text", Content="你好"))
    for _ in range(3):
        assert (await client.post("/wechat", params=wechat_query(strict, good=False), data=body)).status == 403
    refused = await client.post("/wechat", params=wechat_query(strict, good=True), data=body)
    assert refused.status == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert (await refused.json())["error"]["code"] == "rate_limited"
    assert_secured(refused)


async def test_refused_robot_requests_are_limited_per_address(aiohttp_client, strict, clock):
    client = await aiohttp_client(create_app(strict, clock=clock))
    for _ in range(3):
        assert (await client.post("/robot/v1/messages", data=b"{}")).status == 401
    assert (await client.post("/robot/v1/messages", data=b"{}")).status == 429


async def test_accepted_callbacks_do_not_count_as_refusals(aiohttp_client, strict, clock):
    client = await aiohttp_client(create_app(strict, clock=clock))
    for _ in range(5):
        body = xml(message("event", Event="TEMPLATESENDJOBFINISH", Status="success"))
        response = await client.post("/wechat", params=wechat_query(strict, good=True), data=body)
        assert response.status == 200, await response.text()


@pytest.mark.parametrize(("trusted", "separate"), [((), False), ((ipaddress.ip_network("127.0.0.0/8"),), True)])
async def test_forwarded_addresses_are_believed_only_from_a_trusted_proxy(aiohttp_client, settings, clock,
                                                                          trusted, separate):
    limited = dataclasses.replace(settings, api_rate_per_ip=2, trusted_proxies=trusted)
    client = await aiohttp_client(create_app(limited, clock=clock))
    for _ in range(2):
        response = await client.get("/api/v1/halls", headers={"X-Forwarded-For": "203.0.113.7"})
        assert response.status == 200
    other = await client.get("/api/v1/halls", headers={"X-Forwarded-For": "198.51.100.1, 127.0.0.1"})
    assert other.status == (200 if separate else 429)
    spoofed = await client.get("/api/v1/halls", headers={"X-Forwarded-For": "bogus, 203.0.113.7"})
    assert spoofed.status == 429  # the right-most untrusted address counts, not what the client prepends


def test_idle_keepalive_connections_are_closed_after_the_setting(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": backend.database_url(tmp_path, "y"), "REDIS_URL": "",
           "YIMEN_KEEPALIVE_TIMEOUT": "1"}
    server = subprocess.Popen([sys.executable, "main.py", "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=1)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not come up"
                time.sleep(0.2)
        with connection:
            connection.settimeout(10)
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert connection.recv(4096).startswith(b"HTTP/1.1 ")
            idle_since = time.monotonic()
            assert connection.recv(4096) == b""  # the server closed the idle connection
            assert time.monotonic() - idle_since < 5  # not aiohttp's 75 s
    finally:
        server.terminate()
        server.wait(timeout=30)
