"""The servers `python main.py bench record` measures Yimen against, and its fake of the platform.

    python -m bench.record_servers ceiling PORT [PROCESSES]   a fixed XML reply: the machine's ceiling
    python -m bench.record_servers echo PORT [PROCESSES]      wechatpy: check the signature, parse, echo
    python -m bench.record_servers platform PORT [DELAY_MS]   the WeChat API, every answer after DELAY_MS (30)

The first two run PROCESSES (2) processes sharing the port with SO_REUSEPORT, each with its own
loop, as `serve --workers N` does. The platform answers what Yimen calls (the access token,
user info without a UnionID, customer-service messages) with a fixed delay, like a distant API.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
import socket
import sys
from collections.abc import Awaitable, Callable

from aiohttp import web
from wechatpy import parse_message
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

TOKEN = "yimenbenchtoken"  # the token bench/record.py signs with
FIXED_REPLY = ("<xml><ToUserName><![CDATA[oRecordKnown0000000000000000]]></ToUserName>"
               "<FromUserName><![CDATA[gh_yimenbench01]]></FromUserName><CreateTime>1700000000</CreateTime>"
               "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[您好]]></Content></xml>")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def ceiling(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(text=FIXED_REPLY, content_type="application/xml")


async def echo(request: web.Request) -> web.Response:
    body = await request.read()
    q = request.query
    try:
        check_signature(TOKEN, q.get("signature", ""), q.get("timestamp", ""), q.get("nonce", ""))
    except InvalidSignatureException:
        return web.Response(status=403, text="bad signature")
    message = parse_message(body)
    content = getattr(message, "content", "") or "您好"
    return web.Response(text=TextReply(content=content, message=message).render(), content_type="application/xml")


async def healthz(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


def run_one(handler: Handler, port: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    app = web.Application()
    app.router.add_post("/wechat", handler)
    app.router.add_get("/healthz", healthz)
    sock = socket.create_server(("127.0.0.1", port), reuse_port=True, backlog=1024)
    web.run_app(app, sock=sock, print=None, access_log=None)


def run_processes(handler: Handler, port: int, processes: int) -> None:
    context = multiprocessing.get_context("fork")
    children = [context.Process(target=run_one, args=(handler, port)) for _ in range(processes)]
    for child in children:
        child.start()

    def stop(_signum: int, _frame: object) -> None:
        for child in children:
            child.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for child in children:
        child.join()


def platform_app(delay: float) -> web.Application:
    @web.middleware
    async def slow(request: web.Request, handler: Handler) -> web.StreamResponse:
        await request.read()
        await asyncio.sleep(delay)
        return await handler(request)

    def answer(data: dict[str, object]) -> Handler:
        async def handle(_request: web.Request) -> web.Response:
            return web.json_response(data)
        return handle

    async def user_info(request: web.Request) -> web.Response:
        return web.json_response({"subscribe": 1, "openid": request.query.get("openid", ""), "language": "zh_CN"})

    app = web.Application(middlewares=[slow])
    app.add_routes([
        web.post("/cgi-bin/stable_token", answer({"access_token": "RECORDTOKEN", "expires_in": 7200})),
        web.get("/cgi-bin/user/info", user_info),
        web.route("*", "/{tail:.*}", answer({"errcode": 0, "errmsg": "ok"})),
    ])
    return app


def main(argv: list[str]) -> None:
    kind, port = argv[0], int(argv[1])
    if kind == "platform":
        delay = (float(argv[2]) if len(argv) > 2 else 30.0) / 1000
        web.run_app(platform_app(delay), host="127.0.0.1", port=port, print=None, access_log=None)
        return
    handlers: dict[str, Handler] = {"ceiling": ceiling, "echo": echo}
    run_processes(handlers[kind], port, int(argv[2]) if len(argv) > 2 else 2)


if __name__ == "__main__":
    main(sys.argv[1:])
