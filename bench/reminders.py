"""`python main.py bench reminders [--citizens 100000]`: the life-cycle scan over many citizens on SQLite.

Creates --citizens citizens with a verified birth date (spread over 1940-2020) and an ID card expiry
(spread over ten years), about one in ten subscribed to every topic, in a fresh SQLite file; then times
`scan_due` for one day and prints how many facts it read and how many reminders it queued. A second
scan of the same day shows the idempotent pass (nothing new queued).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from core.clock import SHANGHAI
from core.db import open_database
from handlers.parts import MODEL_MODULES
from notify import scan_due, shipped_rules
from notify.models import LifeFact, Subscription

NOW = datetime(2026, 11, 25, 7, 0, tzinfo=SHANGHAI)


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


async def run(count: int) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite://{Path(workdir) / 'bench.sqlite3'}"
        async with open_database(url, MODEL_MODULES):
            started = time.perf_counter()
            await populate(count)
            print(f"created {count} citizens ({count * 3} facts) in {time.perf_counter() - started:.1f} s")
            for label in ("first scan", "second scan"):
                started = time.perf_counter()
                report = await scan_due(shipped_rules().rules, now=NOW)
                took = time.perf_counter() - started
                print(f"{label}: {took:.2f} s, read {report.looked_at} facts, queued {report.total} "
                      f"({', '.join(f'{k} {v}' for k, v in report.queued.items() if v)})")


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="main.py bench reminders")
    p.add_argument("--citizens", type=int, default=100_000)
    args = p.parse_args(argv)
    asyncio.run(run(args.citizens))
    return 0
