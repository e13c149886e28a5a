"""`python main.py bench booking`: a rush on the last places, through real server processes.

For each run (1 process on SQLite; 2 and 4 processes on PostgreSQL), on a fresh database:
load a one-hall catalog whose next working day has exactly --places places (10 slots of 30 min),
open --attempts citizens' sessions in Redis, start `main.py serve` processes, fire every booking
attempt at once through the HTTP API (spread over the processes and the 10 slots), then count
the confirmed bookings in the database: it must be exactly --places, and no slot over capacity.

Sessions must be visible to every server process, so every run uses the real Redis that
scripts/services.sh starts (REDIS_URL), SQLite's too; PostgreSQL comes from the same script.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shlex
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import asyncpg
import yaml
from redis.asyncio import Redis

ROOT = Path(__file__).resolve().parent.parent
SLOTS = 10  # 09:00-14:00 in 30-minute slots
HALL, ITEM = "district_center", "id_card_renewal"


@dataclass(frozen=True)
class Result:
    backend: str
    processes: int
    attempts: int
    confirmed: int  # 201 answers
    in_database: int  # active bookings counted in the database afterwards
    over_capacity: int  # slots with more booked than places (must be 0)
    errors: int  # answers other than 201 and 409 slot_full
    seconds: float
    p50_ms: float
    p99_ms: float


def services_env() -> dict[str, str]:
    """Install (Debian packages, when missing), start or find PostgreSQL and Redis with
    scripts/services.sh; the variables it exports."""
    subprocess.run(["sh", str(ROOT / "scripts" / "services.sh"), "install"], check=True)
    out = subprocess.run(["sh", str(ROOT / "scripts" / "services.sh"), "start"], check=True,
                         capture_output=True, text=True).stdout
    env = {}
    for line in out.splitlines():
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").partition("=")
            env[name] = shlex.split(value)[0] if value else ""
    return env


def bench_day(today: date) -> date:
    from appointments.workdays import day_kind

    day = today + timedelta(days=1)
    while day_kind(day) not in ("workday", "adjusted_workday"):
        day += timedelta(days=1)
    return day


def bench_catalog(places: int) -> dict:
    """One hall open 09:00-14:00 on working days with places/10 windows; one item."""
    return {
        "version": 1,
        "halls": [{"code": HALL, "name": "压测大厅", "short_name": "压测大厅", "address": "佛山市禅城区",
                   "phone": "0757-0", "hours": {"weekdays": [["09:00", "14:00"]]}, "windows": places // SLOTS}],
        "items": [{"code": ITEM, "name": "身份证换领", "short_name": "换身份证", "department": "公安", "kind": "person",
                   "aliases": ["换身份证"], "summary": "压测事项。", "conditions": ["无"],
                   "materials": [{"name": "居民身份证", "type": "id_card", "form": "original"}],
                   "legal_days": 0, "promised_days": 0, "on_the_spot": True, "fee": "免费", "free": True,
                   "halls": [HALL], "online_depth": 2, "max_visits": 1, "process": ["到大厅办理"],
                   "stages": ["申请受理", "办结"]}],
    }


def with_database(url: str, name: str, query: str = "") -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, query, ""))


async def open_sessions(redis_url: str, attempts: int) -> list[str]:
    from identity import open_session

    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        run = secrets.token_hex(4)
        return [await open_session(redis, f"bench-{run}-{n}", ttl=3600) for n in range(attempts)]
    finally:
        await redis.aclose()


def start_servers(n: int, env: dict[str, str], logs: Path) -> tuple[list[subprocess.Popen], list[int]]:
    ports = [free_port() for _ in range(n)]
    servers = []
    for port in ports:
        log = open(logs / f"serve-{port}.log", "w")  # noqa: SIM115 - closed with the process
        servers.append(subprocess.Popen([sys.executable, "main.py", "serve", "--port", str(port)], cwd=ROOT,
                                        env=env, stdout=log, stderr=subprocess.STDOUT))
    return servers, ports


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_servers(servers: list[subprocess.Popen]) -> None:
    for server in servers:
        server.terminate()
    for server in servers:
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


async def wait_ready(session: aiohttp.ClientSession, ports: list[int], servers: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + 90
    for port in ports:
        while True:
            if any(s.poll() is not None for s in servers):
                raise RuntimeError("a server process exited during start-up; see its log")
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as r:
                    if r.status == 200:
                        break
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server on port {port} not ready after 90 s")
            await asyncio.sleep(0.2)


async def rush(ports: list[int], tokens: list[str], day: date,
               concurrency: int) -> tuple[list[int], list[float], float]:
    starts = [datetime(day.year, day.month, day.day, 9) + timedelta(minutes=30 * s) for s in range(SLOTS)]
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=300)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        await wait_ready(session, ports, [])

        async def attempt(n: int, token: str) -> tuple[int, float]:
            body = {"item": ITEM, "hall": HALL, "start": starts[n % SLOTS].isoformat()}
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"bench-{n}"}
            began = time.perf_counter()
            async with session.post(f"http://127.0.0.1:{ports[n % len(ports)]}/api/v1/appointments", json=body,
                                    headers=headers) as response:
                status = response.status
                if status not in (201, 409):
                    print(f"  attempt {n}: {status} {(await response.text())[:200]}", file=sys.stderr)
                elif status == 409 and (await response.json())["error"]["code"] != "slot_full":
                    status = 499  # a refusal other than slot_full: counted as an error
            return status, time.perf_counter() - began

        began = time.perf_counter()
        outcomes = await asyncio.gather(*(attempt(n, t) for n, t in enumerate(tokens)))
        seconds = time.perf_counter() - began
    return [s for s, _ in outcomes], [lat for _, lat in outcomes], seconds


async def count_in_database(database_url: str) -> tuple[int, int, int]:
    """(active bookings, sum of slot counters, slots over capacity), read with plain SQL."""
    queries = ("SELECT count(*) FROM appointments WHERE status = 'booked'",
               "SELECT coalesce(sum(booked), 0) FROM appointment_slots",
               "SELECT count(*) FROM appointment_slots WHERE booked > capacity")
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url.removeprefix("sqlite://")) as db:
            return tuple(db.execute(q).fetchone()[0] for q in queries)
    conn = await asyncpg.connect(database_url)
    try:
        return tuple([await conn.fetchval(q) for q in queries])
    finally:
        await conn.close()


async def run_once(backend: str, processes: int, args: argparse.Namespace, services: dict[str, str],
                   workdir: Path) -> Result:
    from core.clock import SystemClock

    day = bench_day(SystemClock().now().date())
    catalog_path = workdir / "bench-catalog.yaml"
    catalog_path.write_text(yaml.safe_dump(bench_catalog(args.places), allow_unicode=True), encoding="utf-8")
    if backend == "sqlite":
        database_url, served_url, drop = f"sqlite://{workdir}/bench-{processes}.sqlite3", None, None
    else:
        name = f"yimen_bench_{secrets.token_hex(4)}"
        admin = services["YIMEN_TEST_POSTGRES_URL"]
        conn = await asyncpg.connect(admin)
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()
        database_url = with_database(admin, name)
        served_url = with_database(admin, name, f"minsize=2&maxsize={args.pool}")
        drop = (admin, name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YIMEN_BOOKING_", "DATABASE_URL", "REDIS_URL"))}
    env |= {"DATABASE_URL": served_url or database_url, "REDIS_URL": services["YIMEN_TEST_REDIS_URL"],
            "YIMEN_HOST": "127.0.0.1", "PYTHONUNBUFFERED": "1",
            "YIMEN_API_RATE_PER_IP": "100000000"}  # every attempt comes from this one address
    subprocess.run([sys.executable, "main.py", "catalog", "load", str(catalog_path)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    tokens = await open_sessions(services["YIMEN_TEST_REDIS_URL"], args.attempts)
    logs = ROOT / "var" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    servers, ports = start_servers(processes, env, logs)
    try:
        async with aiohttp.ClientSession() as session:
            await wait_ready(session, ports, servers)
        statuses, latencies, seconds = await rush(ports, tokens, day, args.concurrency)
    finally:
        stop_servers(servers)
    booked, counted, over = await count_in_database(database_url)
    if drop:
        conn = await asyncpg.connect(drop[0])
        await conn.execute(f'DROP DATABASE IF EXISTS "{drop[1]}" WITH (FORCE)')
        await conn.close()
    if booked != counted:
        print(f"  {backend}: {booked} bookings but slot counters say {counted}", file=sys.stderr)
    quantiles = statistics.quantiles(latencies, n=100)
    return Result(backend, processes, len(statuses), statuses.count(201), booked, over,
                  sum(s not in (201, 409) for s in statuses), seconds, quantiles[49] * 1000, quantiles[98] * 1000)


def table(results: list[Result], places: int) -> str:
    head = ("backend", "processes", "attempts", "confirmed", "in DB", "over cap", "errors", "attempts/s",
            "p50 ms", "p99 ms", f"= {places}?")
    rows = [head] + [(r.backend, str(r.processes), str(r.attempts), str(r.confirmed), str(r.in_database),
                      str(r.over_capacity), str(r.errors), f"{r.attempts / r.seconds:.0f}", f"{r.p50_ms:.0f}",
                      f"{r.p99_ms:.0f}", "yes" if r.confirmed == r.in_database == places else "NO")
                     for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py bench booking", description=__doc__.splitlines()[0])
    p.add_argument("--attempts", type=int, default=5000)
    p.add_argument("--places", type=int, default=500, help="a multiple of 10")
    p.add_argument("--concurrency", type=int, default=1000, help="connections the client keeps open at once")
    p.add_argument("--pool", type=int, default=20, help="PostgreSQL connections per server process")
    p.add_argument("--sqlite", type=int, nargs="*", default=[1], help="process counts on SQLite")
    p.add_argument("--postgres", type=int, nargs="*", default=[2, 4], help="process counts on PostgreSQL")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.places % SLOTS or args.places <= 0:
        print(f"--places must be a positive multiple of {SLOTS}", file=sys.stderr)
        return 2
    services = services_env()
    missing = [v for v in ("YIMEN_TEST_REDIS_URL", "YIMEN_TEST_POSTGRES_URL") if v not in services]
    if "YIMEN_TEST_REDIS_URL" in missing or (args.postgres and missing):
        print(f"scripts/services.sh did not start: {', '.join(missing)}", file=sys.stderr)
        return 2
    results = []
    with tempfile.TemporaryDirectory(prefix="yimen-bench-") as tmp:
        for backend, counts in (("sqlite", args.sqlite), ("postgresql", args.postgres)):
            for processes in counts:
                print(f"{backend}, {processes} process(es): {args.attempts} attempts for {args.places} places …",
                      file=sys.stderr)
                results.append(asyncio.run(run_once(backend, processes, args, services, Path(tmp))))
    print(table(results, args.places))
    return 0 if all(r.confirmed == r.in_database == args.places and not r.over_capacity for r in results) else 1
