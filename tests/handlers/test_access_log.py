import logging

import aiohttp
from aiohttp import web

from handlers.access_log import AccessLogger
from handlers.app import create_app


async def test_the_access_log_never_holds_query_strings(settings, clock, caplog):
    runner = web.AppRunner(create_app(settings, clock=clock), access_log_class=AccessLogger)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        with caplog.at_level(logging.INFO, logger="aiohttp.access"):
            async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
                params = {"openid": "oSecret123", "signature": "abc", "nonce": "n1"}
                await (await http.get("/wechat", params=params)).read()
                await (await http.get("/healthz")).read()
    finally:
        await runner.cleanup()
    lines = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert any(line.startswith("GET /wechat 403") for line in lines)
    assert any(line.startswith("GET /healthz 200") for line in lines)
    assert not any("oSecret123" in line or "signature" in line for line in lines)
