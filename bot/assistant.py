"""The assistant's parts, put together once per process and handed to every conversation."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from catalog import Catalog
from intents import Nlu, build_nlu


@dataclass(frozen=True)
class Assistant:
    catalog: Catalog
    nlu: Nlu
    redis: Redis


def build_assistant(catalog: Catalog, redis: Redis) -> Assistant:
    return Assistant(catalog=catalog, nlu=build_nlu(catalog), redis=redis)
