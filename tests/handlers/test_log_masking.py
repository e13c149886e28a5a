"""What leaves the process in a log line: masked, with control characters escaped (real HTTP, a log file)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from core.privacy import configure_logging
from handlers.access_log import AccessLogger
from handlers.app import create_app

TOKEN = "G5kwHGprL2CZP5jHqQThhzcVTO48dDtiZaxEo892j3o"
ID_NUMBER = "44060419900101123X"
PHONE = "13812345678"
OPENID = "oYmnT0penidCitizen000001abcd"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The root logger as `main.py serve` configures it, writing to a file."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    path = tmp_path / "yimen.log"
    configure_logging(stream=path.open("w", encoding="utf-8"))
    yield path
    for handler in root.handlers:
        handler.close()
    root.handlers[:], level = saved
    root.setLevel(level)


async def serve(app: web.Application) -> AsyncIterator[str]:
    runner = web.AppRunner(app, access_log_class=AccessLogger)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def text_of(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


async def test_a_newline_in_the_path_cannot_forge_an_access_line(settings, clock, log_file):
    async for base in serve(create_app(settings, clock=clock)):
        async with aiohttp.ClientSession() as http:
            url = base + "/nothing%0aGET%20/api/staff/v1/appointments%20200%200.1ms%0d"
            async with http.get(aiohttp.client.URL(url, encoded=True)) as response:
                assert response.status == 404
    lines = text_of(log_file).splitlines()
    access = [line for line in lines if "aiohttp.access" in line]
    assert len(access) == 1, lines
    assert "/nothing\\nGET /api/staff/v1/appointments 200 0.1ms\\r 404" in access[0]
    assert not any(line.startswith("GET /api/staff") for line in lines)


async def test_error_tracebacks_leave_with_tokens_numbers_and_signed_queries_masked(log_file):
    async def failing(request: web.Request) -> web.Response:  # a library error quoting what it was given
        raise RuntimeError(f"cannot handle {request.headers['Authorization']} for {request.url} "
                           f"body {await request.text()}\nGET /forged 200 0.1ms")

    app = web.Application()
    app.router.add_post("/wechat", failing)
    async for base in serve(app):
        async with aiohttp.ClientSession() as http:
            query = {"signature": "0c4f3e2d1b", "timestamp": "1795576800", "nonce": "977331",
                     "openid": OPENID, "msg_signature": "9f8e7d6c"}
            body = f'{{"id_number": "{ID_NUMBER}", "phone": "{PHONE}", "from": "{OPENID}"}}'
            async with http.post(base + "/wechat", params=query, data=body,
                                 headers={"Authorization": f"Bearer {TOKEN}"}) as response:
                assert response.status == 500
    text = text_of(log_file)
    assert "Error handling request" in text and "RuntimeError" in text
    for secret in (TOKEN, ID_NUMBER, PHONE, OPENID, "0c4f3e2d1b", "977331", "9f8e7d6c"):
        assert secret not in text, secret
    assert "Bearer ***" in text and "4406**********123X" in text and "138****5678" in text
    assert "signature=***" in text and "nonce=***" in text
    assert not any(line.startswith("GET /forged") for line in text.splitlines())
