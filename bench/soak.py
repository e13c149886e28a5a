"""`python main.py bench soak [--minutes N]`: N minutes (30 by default) of mixed load on one server,
then a table of requests and errors by kind and the server's memory at the start and at the end.

Starts `python main.py serve` (embedded: SQLite, in-process Redis) with the local fake of the platform, as
`bench wechat` does, and keeps up, at a steady concurrency: signed text messages to /wechat from many
followers (six in ten requests), and the mini-program API's catalog searches, hall list and one signed-in
citizen's appointments. RSS is read from /proc once the server is up and again at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp

from .wechat import Citizen, Server, aes_key

KINDS = ("wechat", "search", "halls", "mine")


def rss_mb(pid: int) -> float:
    """Resident memory of the process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def soak(seconds: float, concurrency: int, workdir: Path) -> tuple[Counter[str], Counter[str], float, float]:
    # the API's per-address and per-citizen limits are for the internet, not for one load generator
    os.environ.update(YIMEN_API_RATE_PER_IP="10000000", YIMEN_API_RATE_PER_CITIZEN="10000000")
    server = Server("plain", workdir, aes_key())
    done: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
            await server.ready(http)
            citizen = Citizen("plain", aes_key())
            async with http.post(f"{server.url}/api/v1/sessions", json={"code": "schemathesis"}) as response:
                token = (await response.json())["token"]
            auth = {"Authorization": f"Bearer {token}"}
            counter = itertools.count()
            start_rss = rss_mb(server.process.pid)
            stop_at = time.monotonic() + seconds

            async def one(kind: str, n: int) -> bool:
                if kind == "wechat":
                    query, body = citizen.request(n)
                    async with http.post(f"{server.url}/wechat", params=query, data=body.encode()) as r:
                        return r.status == 200 and bool((await r.text()).strip())
                if kind == "search":
                    async with http.get(f"{server.url}/api/v1/catalog/search", params={"q": "换身份证"}) as r:
                        return r.status == 200
                if kind == "halls":
                    async with http.get(f"{server.url}/api/v1/halls") as r:
                        return r.status == 200
                async with http.get(f"{server.url}/api/v1/appointments", headers=auth) as r:
                    return r.status == 200

            async def worker() -> None:
                while time.monotonic() < stop_at:
                    n = next(counter)
                    kind = KINDS[1 + n % 10 % 3] if n % 10 >= 6 else "wechat"  # six in ten are messages
                    try:
                        ok = await one(kind, n)
                    except (aiohttp.ClientError, TimeoutError, ValueError):
                        ok = False
                    done[kind] += 1
                    if not ok:
                        errors[kind] += 1

            await asyncio.gather(*(worker() for _ in range(concurrency)))
            end_rss = rss_mb(server.process.pid)
    finally:
        server.stop()
    return done, errors, start_rss, end_rss


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py bench soak", description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("-c", "--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="yimen-soak-") as tmp:
        started = time.monotonic()
        done, errors, start_rss, end_rss = asyncio.run(soak(args.minutes * 60, args.concurrency, Path(tmp)))
        seconds = time.monotonic() - started
    print(f"{'kind':<8} {'requests':>9} {'errors':>7}")
    for kind in sorted(done):
        print(f"{kind:<8} {done[kind]:>9} {errors[kind]:>7}")
    print(f"{'all':<8} {sum(done.values()):>9} {sum(errors.values()):>7}")
    print(f"RSS start {start_rss:.1f} MB, end {end_rss:.1f} MB, growth {end_rss - start_rss:+.1f} MB "
          f"({(end_rss - start_rss) / max(args.minutes, 1e-9):+.2f} MB a minute); {seconds / 60:.1f} minutes, "
          f"concurrency {args.concurrency}, embedded server (SQLite, in-process Redis)")
    return 1 if sum(errors.values()) else 0
