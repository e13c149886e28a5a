"""A rush on the embedded default (SQLite + in-process Redis): 300 bookings by distinct citizens at
once, with slot queries among them, over real HTTP; no 5xx, and every slot holds exactly its places.
The same against a real Redis when YIMEN_TEST_REDIS_URL is set (scripts/services.sh)."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from dataclasses import replace

import aiohttp
import pytest

from appointments.models import BookingRow, SlotRow
from catalog import load_catalog
from core.db import open_database
from handlers.app import create_app
from handlers.keys import redis_key
from handlers.parts import MODEL_MODULES
from identity import open_session
from tests.appointments.factories import catalog_file

CITIZENS = 300
# district_center on Thursday 26 November: 09:00-12:00 and 13:30-17:30, 30-minute slots, 2 places each
STARTS = [f"2026-11-26T{h:02d}:{m:02d}:00+08:00" for h, m in
          [(9, 0), (9, 30), (10, 0), (10, 30), (11, 0), (11, 30),
           (13, 30), (14, 0), (14, 30), (15, 0), (15, 30), (16, 0), (16, 30), (17, 0)]]
PLACES = 2


@pytest.fixture(params=["in-process", "real"])
def redis_url(request) -> str | None:
    if request.param == "in-process":
        return None
    url = os.environ.get("YIMEN_TEST_REDIS_URL")
    if not url:
        pytest.skip("YIMEN_TEST_REDIS_URL is not set; start Redis with: eval \"$(scripts/services.sh start)\"")
    return url


@pytest.fixture
async def api(aiohttp_client, settings, clock, redis_url):
    async with open_database(settings.database_url, MODEL_MODULES):
        await load_catalog(catalog_file())
    settings = replace(settings, redis_url=redis_url, api_rate_per_ip=100_000, api_rate_per_citizen=100_000)
    return await aiohttp_client(create_app(settings, clock=clock))


async def test_300_bookings_at_once_get_no_5xx_and_no_slot_over_its_places(api):
    tokens = [await open_session(api.app[redis_key], f"rush-openid-{n}") for n in range(CITIZENS)]
    # the test client's own session would hold at most 100 connections: this one holds them all at once
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        go = asyncio.Event()

        async def book(n: int) -> int:
            await go.wait()
            body = {"item": "id_card_renewal", "hall": "district_center", "start": STARTS[n % len(STARTS)]}
            async with http.post(api.make_url("/api/v1/appointments"), json=body,
                                 headers={"Authorization": f"Bearer {tokens[n]}"}) as response:
                await response.read()
                return response.status

        async def look(n: int) -> int:
            await go.wait()
            async with http.get(api.make_url("/api/v1/halls/district_center/slots?item=id_card_renewal"
                                              "&date=2026-11-26")) as response:
                await response.read()
                return response.status

        tasks = [asyncio.create_task(book(n)) for n in range(CITIZENS)]
        tasks += [asyncio.create_task(look(n)) for n in range(CITIZENS // 5)]
        await asyncio.sleep(0)
        go.set()
        statuses = Counter(await asyncio.gather(*tasks))

    assert not [s for s in statuses if s >= 500], statuses
    assert statuses[201] == len(STARTS) * PLACES, statuses  # every place taken, none twice
    assert statuses[201] + statuses[409] == CITIZENS and statuses[200] == CITIZENS // 5, statuses
    booked = await BookingRow.filter(status="booked").values_list("slot_id", flat=True)
    assert len(booked) == statuses[201] and len(set(await BookingRow.all().values_list("citizen", flat=True))) \
        == statuses[201]
    assert set(Counter(booked).values()) == {PLACES}
    assert all(slot.booked <= slot.capacity for slot in await SlotRow.all())
