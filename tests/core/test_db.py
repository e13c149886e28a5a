"""SQLite reads while the connection is idle run in the event loop's thread; the rest as before."""

from __future__ import annotations

import asyncio

import pytest
from tortoise import Tortoise
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from core.db import open_database
from handlers.parts import MODEL_MODULES
from identity import Citizen
from tests import backend


@pytest.mark.embedded_only("the read of SQLite in the event loop's thread (core/db.py read_in_loop)")
async def test_reads_see_every_committed_write_and_a_transaction_is_never_read_half_done(tmp_path):
    async with open_database(backend.database_url(tmp_path), MODEL_MODULES):
        reader = Tortoise.get_connection("default")
        assert reader.execute_query.__name__ == "execute_query" and reader.execute_query.__qualname__.startswith(
            "read_in_loop")
        await Citizen.create(id="c1", oa_openid="o-1")
        assert (await Citizen.get(oa_openid="o-1")).id == "c1"  # read inline, right after the write
        entered, release = asyncio.Event(), asyncio.Event()

        async def slow_transaction() -> None:
            async with in_transaction():
                await Citizen.create(id="c2", oa_openid="o-2")
                entered.set()
                await release.wait()

        writer = asyncio.create_task(slow_transaction())
        await entered.wait()
        async def count() -> int:
            return await Citizen.filter(oa_openid="o-2").count()

        reading = asyncio.create_task(count())  # waits for the transaction
        await asyncio.sleep(0.05)
        assert not reading.done()
        release.set()
        await writer
        assert await reading == 1


async def test_a_failing_read_raises_what_tortoise_raises(tmp_path):
    async with open_database(backend.database_url(tmp_path), MODEL_MODULES):
        db = Tortoise.get_connection("default")
        with pytest.raises(OperationalError):
            await db.execute_query("SELECT * FROM no_such_table")
        assert await db.execute_query_dict("SELECT 1 AS one") == [{"one": 1}]
