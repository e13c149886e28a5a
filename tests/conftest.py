"""Shared fixtures: the real app on SQLite in tmp_path, in-process Redis, a fixed clock."""

from __future__ import annotations

from datetime import datetime

import pytest
from aiohttp.test_utils import TestClient

from core.clock import SHANGHAI, FixedClock
from core.settings import Settings
from handlers.app import create_app

NOV_25_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOV_25_10AM)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(database_url=f"sqlite://{tmp_path}/t.sqlite3", redis_url=None)


@pytest.fixture
async def client(aiohttp_client, settings, clock) -> TestClient:
    return await aiohttp_client(create_app(settings, clock=clock))
