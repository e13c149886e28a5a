"""A turn: one message being answered, and what every skill needs to answer it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from catalog import Catalog
from intents import Understanding

from .assistant import Assistant
from .dialog import DialogState
from .inbound import Inbound
from .reply import Reply


@dataclass
class Turn:
    text: str  # what the citizen said, cleaned
    u: Understanding  # what it means
    state: DialogState  # the conversation so far; skills change it, the caller saves it
    inbound: Inbound
    assistant: Assistant
    now: datetime

    @property
    def number(self) -> int | None:
        """A bare numbered answer ("2", "第二个"), if that is all the message is."""
        return self.u.number

    @property
    def citizen(self) -> str:
        return self.inbound.user

    @property
    def catalog(self) -> Catalog:
        return self.assistant.catalog


Skill = Callable[[Turn], Awaitable[Reply]]
