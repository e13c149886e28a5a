"""The assistant's parts, put together once per process and handed to every conversation."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from redis.asyncio import Redis

from appointments import BookingRules
from catalog import Catalog
from intents import Nlu, build_nlu
from lifeevents.loader import SHIPPED_BUNDLES, LifeEvents, LifeEventsError, read_bundles_file

from .dialog import Dialogs, LocalDialogs, RedisDialogs

if TYPE_CHECKING:
    from .questions import QuestionLog

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Assistant:
    catalog: Catalog
    nlu: Nlu
    redis: Redis
    rules: BookingRules = field(default_factory=BookingRules)
    dialogs: Dialogs = None  # type: ignore[assignment]  # None: in `redis` (RedisDialogs)
    events: LifeEvents = None  # type: ignore[assignment]  # None: the shipped bundles, if this catalog has their items
    questions: QuestionLog | None = None  # counts turns and keeps the unanswered ones; None: not kept
    uploads_dir: str = "var/uploads"  # the kept copies (settings.uploads_dir), which a deletion in chat removes

    def __post_init__(self) -> None:
        if self.dialogs is None:
            object.__setattr__(self, "dialogs", RedisDialogs(self.redis))
        if self.events is None:
            try:
                events = read_bundles_file(SHIPPED_BUNDLES, self.catalog)
            except LifeEventsError as exc:  # a catalog without the bundles' items (a test's): none offered
                log.warning("life events not offered: %s", exc)
                events = LifeEvents({}, {})
            object.__setattr__(self, "events", events)

    def adopt(self, nlu: Nlu) -> None:
        """Understand with `nlu` from the next message on (built from a catalog version published while
        serving; handlers/catalog_in_force.py). The catalog object itself takes the new items in place."""
        object.__setattr__(self, "nlu", nlu)


def build_assistant(catalog: Catalog, redis: Redis, rules: BookingRules | None = None, *,
                    local_dialogs: bool = False, questions: QuestionLog | None = None,
                    uploads_dir: str = "var/uploads") -> Assistant:
    """`local_dialogs`: dialog state and locks in this process (the embedded default: one process).
    `questions`: where the turns are counted and the unanswered ones kept (the app passes one)."""
    return Assistant(catalog=catalog, nlu=build_nlu(catalog), redis=redis, rules=rules or BookingRules(),
                     dialogs=LocalDialogs() if local_dialogs else RedisDialogs(redis), questions=questions,
                     uploads_dir=uploads_dir)
