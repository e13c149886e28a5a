"""The assistant's parts, put together once per process and handed to every conversation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from redis.asyncio import Redis

from appointments import BookingRules
from catalog import Catalog
from intents import Nlu, build_nlu

from .dialog import Dialogs, LocalDialogs, RedisDialogs

if TYPE_CHECKING:
    from .questions import QuestionLog


@dataclass(frozen=True)
class Assistant:
    catalog: Catalog
    nlu: Nlu
    redis: Redis
    rules: BookingRules = field(default_factory=BookingRules)
    dialogs: Dialogs = None  # type: ignore[assignment]  # None: in `redis` (RedisDialogs)
    questions: QuestionLog | None = None  # counts turns and keeps the unanswered ones; None: not kept

    def __post_init__(self) -> None:
        if self.dialogs is None:
            object.__setattr__(self, "dialogs", RedisDialogs(self.redis))


def build_assistant(catalog: Catalog, redis: Redis, rules: BookingRules | None = None, *,
                    local_dialogs: bool = False, questions: QuestionLog | None = None) -> Assistant:
    """`local_dialogs`: dialog state and locks in this process (the embedded default: one process).
    `questions`: where the turns are counted and the unanswered ones kept (the app passes one)."""
    return Assistant(catalog=catalog, nlu=build_nlu(catalog), redis=redis, rules=rules or BookingRules(),
                     dialogs=LocalDialogs() if local_dialogs else RedisDialogs(redis), questions=questions)
