"""`python main.py bench rush`: 300 bookings at once on the embedded default (SQLite, in-process Redis).

`make run` serves one process with nothing installed; this is what it does when a rush comes. A
server process (the real app, no REDIS_URL) is started on a fresh SQLite database with a one-hall
catalog whose next working day has --places places; it opens --attempts citizens' sessions in its
own in-process Redis (nobody else can reach it) and hands their tokens over; then every booking is
fired at once (one connection each) through POST /api/v1/appointments, spread over the 10 slots.
Printed: requests/s, p50/p99 latency, the 5xx count, and the database's own count of bookings,
which must be exactly --places with no slot over capacity. `--redis-url` runs the same against a
real Redis instead (e.g. the one scripts/services.sh starts).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import os
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import aiohttp
import yaml

from bench.booking import HALL, ITEM, SLOTS, bench_catalog, bench_day, count_in_database, free_port


@dataclass(frozen=True)
class Result:
    redis: str
    attempts: int
    confirmed: int
    in_database: int
    over_capacity: int
    server_errors: int  # 5xx answers (must be 0)
    other: int  # answers other than 201, 409 slot_full and 5xx
    seconds: float
    p50_ms: float
    p99_ms: float


def serve(database_url: str, redis_url: str | None, port: int, citizens: int, tokens_path: str) -> None:
    """The child process: the real app on `port`, with `citizens` sessions opened in its own Redis."""
    logging.getLogger().setLevel(logging.ERROR)  # the bench catalog's warnings; a 500's traceback still shows
    asyncio.run(serving(database_url, redis_url, port, citizens, Path(tokens_path)))


async def serving(database_url: str, redis_url: str | None, port: int, citizens: int, tokens_path: Path) -> None:
    from aiohttp import web

    from core.settings import Settings
    from handlers.app import create_app
    from handlers.keys import redis_key
    from identity import open_session

    settings = replace(Settings.from_env({}), database_url=database_url, redis_url=redis_url,
                       api_rate_per_ip=100_000_000, api_rate_per_citizen=100_000_000)  # one client address
    runner = web.AppRunner(create_app(settings), access_log=None)
    await runner.setup()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        redis = runner.app[redis_key]
        tokens = [await open_session(redis, f"rush-{port}-{n}", ttl=3600) for n in range(citizens)]
        await web.TCPSite(runner, "127.0.0.1", port).start()
        tokens_path.write_text("\n".join(tokens), encoding="utf-8")
        await stop.wait()
    finally:
        await runner.cleanup()


async def rush(port: int, tokens: list[str], starts: list[str]) -> tuple[list[int], list[float], float]:
    connector = aiohttp.TCPConnector(limit=0)  # every attempt in flight at once
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=300)) as session:
        go = asyncio.Event()

        async def attempt(n: int, token: str) -> tuple[int, float]:
            await go.wait()
            body = {"item": ITEM, "hall": HALL, "start": starts[n % len(starts)]}
            began = time.perf_counter()
            async with session.post(f"http://127.0.0.1:{port}/api/v1/appointments", json=body,
                                    headers={"Authorization": f"Bearer {token}"}) as response:
                status = response.status
                text = await response.text()
            if status == 409 and '"slot_full"' not in text:
                status = 499  # a refusal other than slot_full
            if status not in (201, 409):
                print(f"  attempt {n}: {status} {text[:200]}", file=sys.stderr)
            return status, time.perf_counter() - began

        tasks = [asyncio.create_task(attempt(n, t)) for n, t in enumerate(tokens)]
        await asyncio.sleep(0)
        began = time.perf_counter()
        go.set()
        outcomes = await asyncio.gather(*tasks)
        seconds = time.perf_counter() - began
    return [s for s, _ in outcomes], [lat for _, lat in outcomes], seconds


def run_once(args: argparse.Namespace, workdir: Path) -> Result:
    import subprocess

    from bench.booking import ROOT
    from core.clock import SystemClock

    day = bench_day(SystemClock().now().date())
    starts = [f"{day.isoformat()}T{9 + s // 2:02d}:{30 * (s % 2):02d}:00+08:00" for s in range(SLOTS)]
    catalog_path = workdir / "rush-catalog.yaml"
    catalog_path.write_text(yaml.safe_dump(bench_catalog(args.places), allow_unicode=True), encoding="utf-8")
    database_url = f"sqlite://{workdir}/rush.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {"DATABASE_URL": database_url}
    subprocess.run([sys.executable, "main.py", "catalog", "load", str(catalog_path)], cwd=ROOT, check=True,
                   capture_output=True, env=env)
    port, tokens_path = free_port(), workdir / "tokens.txt"
    server = multiprocessing.get_context("spawn").Process(
        target=serve, args=(database_url, args.redis_url, port, args.attempts, str(tokens_path)))
    server.start()
    try:
        deadline = time.monotonic() + 120
        while not tokens_path.exists():
            if not server.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        tokens = tokens_path.read_text(encoding="utf-8").splitlines()
        statuses, latencies, seconds = asyncio.run(rush(port, tokens, starts))
    finally:
        server.terminate()
        server.join(30)
    booked, _, over = asyncio.run(count_in_database(database_url))
    counts = Counter(statuses)
    quantiles = statistics.quantiles(latencies, n=100)
    errors = sum(n for s, n in counts.items() if s >= 500)
    return Result("real (REDIS_URL)" if args.redis_url else "in-process", len(statuses), counts[201], booked, over,
                  errors, len(statuses) - counts[201] - counts[409] - errors, seconds,
                  quantiles[49] * 1000, quantiles[98] * 1000)


def table(results: list[Result]) -> str:
    head = ("redis", "attempts", "confirmed", "in DB", "over cap", "5xx", "other", "req/s", "p50 ms", "p99 ms")
    rows = [head] + [(r.redis, str(r.attempts), str(r.confirmed), str(r.in_database), str(r.over_capacity),
                      str(r.server_errors), str(r.other), f"{r.attempts / r.seconds:.0f}", f"{r.p50_ms:.0f}",
                      f"{r.p99_ms:.0f}") for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py bench rush", description=__doc__.splitlines()[0])
    p.add_argument("--attempts", type=int, default=300, help="citizens booking at once")
    p.add_argument("--places", type=int, default=100, help="a multiple of 10")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--redis-url", default=None, help="a real Redis instead of the in-process one")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.places % SLOTS or args.places <= 0:
        print(f"--places must be a positive multiple of {SLOTS}", file=sys.stderr)
        return 2
    results = []
    for run in range(args.runs):
        print(f"run {run + 1}: {args.attempts} bookings at once for {args.places} places …", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="yimen-rush-") as tmp:
            results.append(run_once(args, Path(tmp)))
    print(table(results))
    good = all(r.server_errors == 0 and r.confirmed == r.in_database == args.places and not r.over_capacity
               for r in results)
    return 0 if good else 1
