"""Shared fixtures: the real app on this pass's backend (tests/backend.py: SQLite in tmp_path and
in-process Redis, or PostgreSQL and Redis with YIMEN_TEST_BACKEND=scaled), a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from aiohttp.test_utils import TestClient
from tortoise.backends.base.executor import EXECUTOR_CACHE

from core.clock import SHANGHAI, FixedClock
from core.settings import Settings
from handlers.app import create_app
from tests import backend

from . import backend
from .backend import database_url, redis_url

NOV_25_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


def pytest_configure(config: pytest.Config) -> None:
    try:
        backend.check_backend()
    except backend.BackendError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.addinivalue_line("markers", "embedded_only(reason): a test of the embedded default only (SQLite, "
                                       "the in-process Redis); skipped in the scaled pass")


def pytest_report_header(config: pytest.Config) -> str:
    return f"yimen test backend: {backend.BACKEND}" + (" (PostgreSQL + Redis)" if backend.SCALED else
                                                        " (SQLite + in-process Redis)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not backend.SCALED:
        return
    for item in items:
        if (marker := item.get_closest_marker("embedded_only")) is not None:
            reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
            item.add_marker(pytest.mark.skip(reason=f"embedded only: {reason}"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    backend.end_session()


@pytest.fixture(autouse=True)
def fresh_backend() -> Iterator[None]:
    """Scaled: a flushed Redis before the test, its PostgreSQL databases dropped after it."""
    # Tortoise caches INSERT statements per connection name, not per backend: a process that
    # switches between SQLite and PostgreSQL (only tests do) must drop them, or gets "?" placeholders.
    EXECUTOR_CACHE.clear()
    if backend.SCALED:
        backend.flush_redis()
    yield
    backend.end_test()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOV_25_10AM)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(database_url=database_url(tmp_path), redis_url=redis_url())


@pytest.fixture
async def client(aiohttp_client, settings, clock) -> TestClient:
    return await aiohttp_client(create_app(settings, clock=clock))
