"""`python main.py bench reminders [--citizens 100000]`: the life-cycle scan over many citizens on SQLite.

Creates --citizens citizens with a verified birth date (spread over 1940-2020) and an ID card expiry
(spread over ten years), about one in ten subscribed to every topic, in a fresh SQLite file; then times
`scan_due` for one day and prints how many facts it read and how many reminders it queued. A second
scan of the same day shows the idempotent pass (nothing new queued). Then the dispatch: the subscribed
citizens follow the official account, --dispatch more rows are queued beside the scan's, and
`dispatch_due` sends them all at 09:00 through the local fake of the platform
(tests/fakes/wechat_platform.py, run as its own process on a loopback port) under the shared rate
limit set with --rate; it prints the achieved rate (rows a second through the whole dispatch: claim,
consent, caps, channel, render, the HTTP call, the row marked sent). The fake answers each call after
--latency milliseconds (30: about the real platform's); the dispatcher has --concurrency pushes at the
platform at once (1: one after another, as before parallel sends). --redis-url puts the shared rate
limit in a real Redis (else in-process). Printed last as a table.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import aiohttp
import fakeredis
from redis.asyncio import Redis

from bench.wechat import APP_ID, PLATFORM_SECRET, ROOT, free_port, wait_for_port
from catalog import ensure_catalog
from core.clock import SHANGHAI
from core.db import open_database
from handlers.parts import MODEL_MODULES
from identity.citizens import Citizen
from notify import Dispatcher, dispatch_due, scan_due, shipped_rules
from notify.dispatch import CONCURRENCY
from notify.models import LifeFact, Outbox, Subscription
from wechat import WeChatClient

NOW = datetime(2026, 11, 25, 7, 0, tzinfo=SHANGHAI)
SEND_AT = NOW.replace(hour=9)  # the scan's rows are due at 09:00, after the quiet hours


async def populate(count: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    facts: list[LifeFact] = []
    subs: list[Subscription] = []
    for n in range(count):
        citizen = f"c{n:08d}"
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(80 * 365))
        facts.append(LifeFact(citizen=citizen, fact="birth_date", on=born, source="bench", recorded_at=NOW))
        facts.append(LifeFact(citizen=citizen, fact="sex", on=None, value=rng.choice(("male", "female")),
                              source="bench", recorded_at=NOW))
        facts.append(LifeFact(citizen=citizen, fact="id_card_expires_on", source="bench", recorded_at=NOW,
                              on=NOW.date() + timedelta(days=rng.randrange(-365, 3650))))
        if rng.random() < 0.1:
            subs.append(Subscription(citizen=citizen, topic="all", active=True, changed_at=NOW))
    await LifeFact.bulk_create(facts, batch_size=5000)
    await Subscription.bulk_create(subs, batch_size=5000)
    await Citizen.bulk_create([Citizen(id=s.citizen, oa_openid=f"o-bench-{s.citizen}") for s in subs],
                              batch_size=5000)  # the subscribed follow the official account


async def queue_more(count: int) -> int:
    """`count` more reminders for subscribed followers (one each, another period than the scan's)."""
    followers = await Citizen.all().order_by("id").limit(count).values_list("id", flat=True)
    await Outbox.bulk_create([
        Outbox(kind="id_card_expiry", rule="id_card_expiry", period="bench", citizen=c, due_at=SEND_AT,
               payload={"item": "id_card_renewal", "date": "2027年1月10日", "days_left": "46"},
               dedupe_key=f"id_card_expiry:{c}:bench", created_at=NOW) for c in followers], batch_size=5000)
    return len(followers)


async def dispatch_all(platform_url: str, rate: int, concurrency: int,
                       redis_url: str | None) -> tuple[int, dict[str, int], float]:
    """Dispatch runs until nothing is due; (rows sent, outcomes, seconds)."""
    redis = (Redis.from_url(redis_url, decode_responses=True) if redis_url
             else fakeredis.FakeAsyncRedis(decode_responses=True))
    outcomes: dict[str, int] = {}
    sent = 0
    async with aiohttp.ClientSession() as session:
        client = WeChatClient(session, redis, base_url=platform_url, app_id=APP_ID, secret=PLATFORM_SECRET,
                              attempts=1)
        dispatcher = Dispatcher(client, redis, shipped_rules(), await ensure_catalog(), rate=rate,
                                concurrency=concurrency)
        started = time.perf_counter()
        while True:
            report = await dispatch_due(dispatcher, now=SEND_AT)
            for k, v in report.outcomes.items():
                outcomes[k] = outcomes.get(k, 0) + v
            sent += report.sent
            if not report.outcomes:
                break
        took = time.perf_counter() - started
    await redis.aclose()
    return sent, outcomes, took


async def run(count: int, more: int, rate: int, latency_ms: float, concurrency: int, redis_url: str | None) -> None:
    rows: list[tuple[str, str, str]] = []
    port = free_port()
    platform = subprocess.Popen([sys.executable, "-m", "tests.fakes.wechat_platform", str(port), "bench",
                                 str(latency_ms / 1000)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        with tempfile.TemporaryDirectory() as workdir:
            url = f"sqlite://{Path(workdir) / 'bench.sqlite3'}"
            async with open_database(url, MODEL_MODULES):
                started = time.perf_counter()
                await populate(count)
                took = time.perf_counter() - started
                print(f"created {count} citizens ({count * 3} facts) in {took:.1f} s")
                rows.append((f"create {count:,} citizens ({count * 3:,} facts, 10 % subscribed)", f"{took:.1f} s", ""))
                for label in ("first scan of a day", "second scan of the same day"):
                    started = time.perf_counter()
                    report = await scan_due(shipped_rules().rules, now=NOW)
                    took = time.perf_counter() - started
                    detail = ", ".join(f"{k} {v}" for k, v in report.queued.items() if v)
                    print(f"{label}: {took:.2f} s, read {report.looked_at} facts, queued {report.total} ({detail})")
                    rows.append((label, f"{took:.2f} s", f"read {report.looked_at:,} facts, queued {report.total:,}"))
                queued = report_total = await Outbox.filter(status="pending").count()
                queued += await queue_more(more)
                sent, outcomes, took = await dispatch_all(f"http://127.0.0.1:{port}/", rate, concurrency, redis_url)
                achieved = sent / took if took else 0.0
                print(f"dispatch: {queued} rows ({report_total} from the scan) at a set rate of {rate}/s, "
                      f"{concurrency} at once: sent {sent} "
                      f"in {took:.2f} s = {achieved:.0f} rows/s; outcomes {outcomes}")
                rows.append((f"dispatch {queued:,} rows, set rate {rate}/s, {concurrency} at once (fake platform "
                             f"answering in {latency_ms:g} ms, loopback HTTP)",
                             f"{took:.2f} s", f"sent {sent:,}: {achieved:.0f} rows/s"))
    finally:
        platform.terminate()
        platform.wait()
    print("\n| step | time | result |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="main.py bench reminders")
    p.add_argument("--citizens", type=int, default=100_000)
    p.add_argument("--dispatch", type=int, default=2000, help="rows queued beside the scan's for the dispatch")
    p.add_argument("--rate", type=int, default=200, help="the shared send rate limit, messages a second")
    p.add_argument("--latency", type=float, default=30.0, help="milliseconds the fake platform takes to answer")
    p.add_argument("--concurrency", type=int, default=CONCURRENCY, help="pushes at the platform at once")
    p.add_argument("--redis-url", default=None, help="a real Redis for the shared rate limit (else in-process)")
    args = p.parse_args(argv)
    asyncio.run(run(args.citizens, args.dispatch, args.rate, args.latency, args.concurrency, args.redis_url))
    return 0
