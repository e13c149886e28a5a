"""Fixtures: a fresh database for the service tests (SQLite, and PostgreSQL when
YIMEN_TEST_POSTGRES_URL is set, as in tests/appointments/test_race.py), the shipped catalog, and
for the HTTP tests the app with a staff token, citizens logged in through the fake WeChat
platform and the department `shebao` registered."""

from __future__ import annotations

import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE

from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from core.db import open_database
from core.settings import Settings
from handlers.parts import MODEL_MODULES
from progress import add_department
from tests import backend
from tests.fakes.wechat_platform import SECRET, FakePlatform, wechat_platform  # noqa: F401  (a fixture)
from tests.miniapp.conftest import login  # noqa: F401  (a fixture)

from ..appointments.test_race import drop_postgres, fresh_postgres, postgres_url, with_database
from ..conftest import NOV_25_10AM
from .api import STAFF_TOKEN


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


@pytest.fixture
def settings(tmp_path, wechat_platform: FakePlatform) -> Settings:
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                    wechat_api_base=wechat_platform.url, wechat_appsecret=SECRET, staff_token=STAFF_TOKEN,
                    api_rate_per_ip=1000, api_rate_per_citizen=1000)


@pytest.fixture
async def dept_key(client) -> str:
    """The key of the department `shebao`, registered in the app's database."""
    return await add_department("shebao", secret="", now=NOV_25_10AM)
