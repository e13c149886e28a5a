"""Service-level fixtures: a fresh SQLite database, our small catalog, default rules."""

from __future__ import annotations

import pytest

from appointments import BookingRules
from catalog import Catalog, Hall, Item
from core.db import open_database
from handlers.parts import MODEL_MODULES
from tests import backend

from .factories import test_catalog


@pytest.fixture
async def db(tmp_path):
    async with open_database(backend.database_url(tmp_path), MODEL_MODULES):
        yield


@pytest.fixture
def catalog() -> Catalog:
    return test_catalog()


@pytest.fixture
def center(catalog) -> Hall:
    return catalog.halls["district_center"]


@pytest.fixture
def zumiao(catalog) -> Hall:
    return catalog.halls["zumiao"]


@pytest.fixture
def id_card(catalog) -> Item:
    return catalog.items["id_card_renewal"]


@pytest.fixture
def licence(catalog) -> Item:
    return catalog.items["business_licence"]


@pytest.fixture
def rules() -> BookingRules:
    return BookingRules()
