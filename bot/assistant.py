"""The assistant's parts, put together once per process and handed to every conversation."""

from __future__ import annotations

from dataclasses import dataclass, field

from redis.asyncio import Redis

from appointments import BookingRules
from catalog import Catalog
from intents import Nlu, build_nlu


@dataclass(frozen=True)
class Assistant:
    catalog: Catalog
    nlu: Nlu
    redis: Redis
    rules: BookingRules = field(default_factory=BookingRules)


def build_assistant(catalog: Catalog, redis: Redis, rules: BookingRules | None = None) -> Assistant:
    return Assistant(catalog=catalog, nlu=build_nlu(catalog), redis=redis, rules=rules or BookingRules())
