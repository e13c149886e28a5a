"""The bot on the shipped catalog and the real NLU, with a fresh in-process Redis per test."""

from __future__ import annotations

import itertools

import pytest

from bot import Assistant
from bot.conversation import respond
from bot.inbound import Inbound
from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from core.db import open_database
from handlers.parts import MODEL_MODULES
from intents import build_nlu
from tests import backend

from ..conftest import NOV_25_10AM

_ids = itertools.count(1)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))


@pytest.fixture(scope="session")
def nlu(catalog):
    return build_nlu(catalog)


@pytest.fixture
async def assistant(tmp_path, catalog, nlu):
    async with open_database(backend.database_url(tmp_path, "bot"), MODEL_MODULES):
        redis = backend.redis_client()
        yield Assistant(catalog=catalog, nlu=nlu, redis=redis)
        await redis.aclose()


@pytest.fixture
def say(assistant):
    """say("text", user=…, channel=…) → the bot's Reply, as one citizen in one conversation."""

    async def send(text: str, *, user: str = "citizen-1", channel: str = "chat"):
        inbound = Inbound(channel=channel, user=user, kind="text", message_id=str(next(_ids)), text=text)
        return await respond(inbound, assistant, now=NOV_25_10AM)

    return send
