"""The shipped catalog and bundles, and a fresh SQLite database per test."""

from __future__ import annotations

import pytest

from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from core.db import open_database
from handlers.parts import MODEL_MODULES
from lifeevents.loader import SHIPPED_BUNDLES, LifeEvents, read_bundles_file
from tests import backend


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))


@pytest.fixture(scope="session")
def events(catalog) -> LifeEvents:
    return read_bundles_file(SHIPPED_BUNDLES, catalog)


@pytest.fixture
async def db(tmp_path):
    async with open_database(backend.database_url(tmp_path), MODEL_MODULES):
        yield
