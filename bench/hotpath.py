"""`python main.py bench hotpath`: what one WeChat text from a known follower costs, in process.

Builds the real app (create_app: SQLite in a temporary directory, the in-process Redis), serves
it on a loopback port in this process and posts signed plaintext text messages, one at a time
(`-c` at once), from followers who have written before (a first message from each, not counted).
Counts, per message: Redis commands and round trips (a pipeline or a script is one trip), SQL
statements, customer-service messages sent, and the process' CPU time (client included: compare
runs of this command, not with `bench wechat`). `--profile` prints cProfile's top functions.
The platform is a local stand-in answering every call at once (no tests/ import).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import logging
import pstats
import secrets
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import uvloop
from aiohttp import web
from redis.asyncio.client import Pipeline, Redis

from core.settings import Settings
from handlers.app import create_app
from handlers.serve import freeze_startup_objects
from wechat import sign

TOKEN = "yimenbenchtoken"
ACCOUNT = "gh_yimenbench01"
TEXTS = ("你好", "换身份证要带什么", "护照怎么办", "社保卡丢了怎么补办", "营业执照在哪办", "谢谢")


class Counts:
    def __init__(self) -> None:
        self.redis_commands = 0
        self.redis_trips = 0
        self.sql = 0
        self.sent = 0
        self.commands: Counter[str] = Counter()


COUNTS = Counts()


def count_redis() -> None:
    execute, pipeline_execute = Redis.execute_command, Pipeline.execute

    async def counted(self: Redis, *args: Any, **options: Any) -> Any:
        if not isinstance(self, Pipeline):
            COUNTS.redis_commands += 1
            COUNTS.redis_trips += 1
            COUNTS.commands[str(args[0]).upper()] += 1
        return await execute(self, *args, **options)

    async def counted_pipeline(self: Pipeline, raise_on_error: bool = True) -> Any:
        COUNTS.redis_trips += 1
        COUNTS.redis_commands += len(self.command_stack)
        for command, _ in self.command_stack:
            COUNTS.commands[str(command[0]).upper()] += 1
        return await pipeline_execute(self, raise_on_error)

    Redis.execute_command = counted  # type: ignore[method-assign]
    Pipeline.execute = counted_pipeline  # type: ignore[method-assign]


class SqlCounter(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        COUNTS.sql += 1


def count_sql() -> None:
    logger = logging.getLogger("tortoise.db_client")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(SqlCounter())


def platform_app() -> web.Application:
    async def token(request: web.Request) -> web.Response:
        return web.json_response({"access_token": "bench-" + secrets.token_hex(8), "expires_in": 7200})

    async def send(request: web.Request) -> web.Response:
        COUNTS.sent += 1
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def info(request: web.Request) -> web.Response:
        return web.json_response({"subscribe": 1, "openid": request.query.get("openid", "")})

    app = web.Application()
    app.add_routes([web.get("/cgi-bin/token", token), web.post("/cgi-bin/stable_token", token),
                    web.post("/cgi-bin/message/custom/send", send), web.get("/cgi-bin/user/info", info)])
    return app


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


def request(n: int, users: int, first_id: int) -> tuple[dict[str, str], bytes]:
    timestamp, nonce = str(int(time.time())), f"{first_id % 10**6}{n}"
    body = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            f"<FromUserName><![CDATA[oBench{n % users:022d}]]></FromUserName>"
            f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{TEXTS[(n // users) % len(TEXTS)]}]]></Content><MsgId>{first_id + n}</MsgId></xml>")
    return {"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}, body.encode()


async def fire(session: aiohttp.ClientSession, url: str, numbers: range, users: int, first_id: int,
               concurrency: int) -> list[float]:
    latencies: list[float] = []
    queue = iter(numbers)

    async def worker() -> None:
        for n in queue:
            query, body = request(n, users, first_id)
            started = time.perf_counter()
            async with session.post(f"{url}/wechat", params=query, data=body) as response:
                text = await response.text()
                if response.status != 200 or "<Content>" not in text:
                    raise RuntimeError(f"message {n}: {response.status} {text[:200]}")
            latencies.append((time.perf_counter() - started) * 1000)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


async def run(messages: int, users: int, concurrency: int, profile: bool, workdir: Path) -> None:
    platform_runner, platform_url = await serve(platform_app())
    settings = Settings(database_url=f"sqlite://{workdir}/bench.sqlite3", redis_url=None, wechat_token=TOKEN,
                        wechat_appsecret="benchsecret", wechat_api_base=platform_url + "/",
                        uploads_dir=str(workdir / "uploads"))
    app = create_app(settings)
    app.on_startup.append(freeze_startup_objects)  # as `main.py serve` does
    runner, url = await serve(app)
    first_id = 40_000_000_000_000_000 + secrets.randbelow(10**15)
    try:
        async with aiohttp.ClientSession() as session:
            await fire(session, url, range(users), users, first_id, 4)  # first contact of every follower
            await asyncio.sleep(0.5)  # background UnionID joins and pushes settle
            before = vars(COUNTS).copy()
            before["commands"] = COUNTS.commands.copy()
            profiler = cProfile.Profile() if profile else None
            cpu, wall = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            latencies = await fire(session, url, range(users, users + messages), users, first_id, concurrency)
            if profiler:
                profiler.disable()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            await asyncio.sleep(0.3)
    finally:
        await runner.cleanup()
        await platform_runner.cleanup()
    ordered = sorted(latencies)
    per = 1 / messages
    print(f"{messages} messages from {users} known followers, {concurrency} at a time, in process")
    print(f"msg/s {messages / wall:.0f}  p50 {ordered[len(ordered) // 2]:.2f} ms  "
          f"p99 {ordered[int(len(ordered) * 0.99)]:.2f} ms  CPU {cpu * per * 1e6:.0f} µs/msg (client included)")
    print(f"per message: Redis {(COUNTS.redis_commands - before['redis_commands']) * per:.2f} commands in "
          f"{(COUNTS.redis_trips - before['redis_trips']) * per:.2f} round trips, "
          f"SQL {(COUNTS.sql - before['sql']) * per:.2f} statements, "
          f"customer-service sends {(COUNTS.sent - before['sent']) * per:.2f}")
    commands = COUNTS.commands - before["commands"]
    print("Redis commands: " + ", ".join(f"{name} {count * per:.2f}" for name, count in commands.most_common()))
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        print(out.getvalue())
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
        print(out.getvalue())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py bench hotpath", description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--messages", type=int, default=1000)
    parser.add_argument("-u", "--users", type=int, default=200)
    parser.add_argument("-c", "--concurrency", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    count_redis()
    count_sql()
    with tempfile.TemporaryDirectory(prefix="yimen-hotpath-") as tmp:
        uvloop.run(run(args.messages, args.users, args.concurrency, args.profile, Path(tmp)))  # as `main.py serve`
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
