"""Service-level fixtures: a fresh database (SQLite, and PostgreSQL when YIMEN_TEST_POSTGRES_URL
is set, as in tests/appointments/test_race.py), the shipped catalog's items."""

from __future__ import annotations

import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE

from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from core.db import open_database
from handlers.parts import MODEL_MODULES

from ..appointments.test_race import drop_postgres, fresh_postgres, postgres_url, with_database


@pytest.fixture(params=["sqlite", "postgres"])
async def db(request, tmp_path):
    EXECUTOR_CACHE.clear()  # see tests/appointments/test_race.py: cached statements per backend
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


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))
