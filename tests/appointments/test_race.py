"""Under a rush: the last places of a slot, retried requests and double bookings, on SQLite and on
PostgreSQL (a fresh database per test, from YIMEN_TEST_POSTGRES_URL)."""

from __future__ import annotations

import asyncio
import os
import secrets
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE

from appointments import BookingRefused, BookingRules, book_slot, bookings_of, cancel_booking
from appointments.models import BookingRow, SlotRow
from core.db import open_database
from handlers.parts import MODEL_MODULES

from .factories import at

NOW = at(2026, 11, 25, 10)
THU_9 = at(2026, 11, 26, 9)


def postgres_url() -> str:
    url = os.environ.get("YIMEN_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("YIMEN_TEST_POSTGRES_URL is not set; start PostgreSQL with: eval \"$(scripts/services.sh start)\"")
    return url


def with_database(url: str, name: str, query: str = "") -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, query, ""))


async def fresh_postgres(url: str) -> str:
    name = f"yimen_test_{secrets.token_hex(6)}"
    conn = await asyncpg.connect(with_database(url, urlsplit(url).path.lstrip("/")))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name


async def drop_postgres(url: str, name: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(params=["sqlite", "postgres"])
async def any_db(request, tmp_path):
    # Tortoise caches INSERT statements per connection name, not per backend: a process that
    # switches from SQLite to PostgreSQL (only tests do) must drop them, or gets "?" placeholders.
    EXECUTOR_CACHE.clear()
    if request.param == "sqlite":
        async with open_database(f"sqlite://{tmp_path}/t.sqlite3", MODEL_MODULES):
            yield "sqlite"
        return
    url = postgres_url()
    name = await fresh_postgres(url)
    try:
        async with open_database(with_database(url, name, "minsize=1&maxsize=10"), MODEL_MODULES):
            yield "postgres"
    finally:
        await drop_postgres(url, name)


async def attempt(coro) -> str:
    try:
        return (await coro).code
    except BookingRefused as exc:
        return exc.code


async def test_the_last_places_go_to_exactly_as_many_citizens(any_db, center, id_card):
    rules = BookingRules(places_per_window=3)  # 2 windows × 3 = 6 places
    outcomes = await asyncio.gather(*(attempt(book_slot(f"c{n}", id_card, center, THU_9, now=NOW, rules=rules))
                                      for n in range(60)))
    assert sum(o == "slot_full" for o in outcomes) == 54
    assert await BookingRow.filter(status="booked").count() == 6
    assert (await SlotRow.get(starts_at=THU_9)).booked == 6


async def test_cancel_and_book_race_keeps_the_counter_true(any_db, center, id_card, rules):
    first = [await book_slot(f"c{n}", id_card, center, THU_9, now=NOW, rules=rules) for n in range(2)]
    tasks = [cancel_booking(b.code, citizen=b.citizen, now=NOW, rules=rules) for b in first]
    tasks += [book_slot(f"new{n}", id_card, center, THU_9, now=NOW, rules=rules) for n in range(10)]
    await asyncio.gather(*(attempt(t) for t in tasks))
    booked = await BookingRow.filter(status="booked", starts_at=THU_9).count()
    assert booked <= 2 and (await SlotRow.get(starts_at=THU_9)).booked == booked


async def test_a_retried_request_books_once(any_db, center, id_card, rules):
    codes = await asyncio.gather(*(attempt(book_slot("c1", id_card, center, THU_9, idempotency_key="MsgId-42",
                                                     now=NOW, rules=rules)) for _ in range(10)))
    assert len(set(codes)) == 1 and len(codes[0]) == 8
    assert len(await bookings_of("c1")) == 1
    assert (await SlotRow.get(starts_at=THU_9)).booked == 1


async def test_one_citizen_rushing_for_one_item_gets_one_booking(any_db, center, id_card, rules):
    starts = [THU_9, at(2026, 11, 26, 9, 30), at(2026, 11, 26, 10), at(2026, 11, 27, 9)]
    outcomes = await asyncio.gather(*(attempt(book_slot("c1", id_card, center, s, idempotency_key=f"k{n}",
                                                        now=NOW, rules=rules)) for n, s in enumerate(starts * 3)))
    assert sum(o == "already_booked" for o in outcomes) == 11, outcomes
    assert len(await bookings_of("c1")) == 1
    assert sum(s.booked for s in await SlotRow.all()) == 1
