"""The questions the bot could not answer, kept for the catalog's aliases to grow from.

`QuestionLog.count(turn, reply)` runs after every text turn and does no I/O: it adds to a count
per day and, when the reply is the fallback (NOT_UNDERSTOOD), keeps the masked text and the item
guessed. What gathered is written behind, every FLUSH_EVERY seconds, as one transaction (one
upsert a day, one insert of the batch): no SQL round trip is added to a message. `flush` writes at
once (the dashboard calls it before it reads), `close` at shutdown. Each process counts its own
messages; the upsert adds, so several processes sum up.

A failed write is logged and dropped: these are figures, and no answer depends on them.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core.clock import SHANGHAI
from core.privacy import mask_text

from .menu import NOT_UNDERSTOOD
from .models import QuestionDay, UnansweredQuestion
from .reply import Reply

if TYPE_CHECKING:
    from .turn import Turn

log = logging.getLogger(__name__)

FLUSH_EVERY = 5.0  # seconds what gathered waits before it is written
MAX_PENDING = 5000  # questions kept between two writes; beyond, only counted (a flood is not a list)
MAX_TEXT = 200


@dataclass(frozen=True, slots=True)
class Unanswered:
    text: str
    item: str | None
    channel: str
    at: datetime


def fell_back(reply: Reply) -> bool:
    return reply.text == NOT_UNDERSTOOD


def item_guess(turn: Turn) -> str | None:
    """The item the NLU leaned to (below its threshold), else the topic the conversation was on."""
    if turn.u.item:
        return turn.u.item
    if turn.u.candidates:
        return turn.u.candidates[0][0]
    return turn.state.item or None


class QuestionLog:
    def __init__(self, *, flush_every: float = FLUSH_EVERY) -> None:
        self.flush_every = flush_every
        self._days: dict[date, list[int]] = {}  # day → [messages, unanswered] since the last write
        self._pending: list[Unanswered] = []
        self._later: asyncio.TimerHandle | None = None
        self._writing: asyncio.Task[None] | None = None

    def count(self, turn: Turn, reply: Reply) -> None:
        """One text turn answered; no I/O."""
        day = turn.now.astimezone(SHANGHAI).date()
        counts = self._days.setdefault(day, [0, 0])
        counts[0] += 1
        if fell_back(reply):
            counts[1] += 1
            if len(self._pending) < MAX_PENDING:
                self._pending.append(Unanswered(mask_text(turn.text)[:MAX_TEXT], item_guess(turn),
                                                turn.inbound.channel[:16], turn.now))
        if self._later is None:
            self._later = asyncio.get_running_loop().call_later(self.flush_every, self._start)

    def _start(self) -> None:
        self._later = None
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write())

    async def flush(self) -> None:
        """Write what gathered now (and wait for a write under way)."""
        if self._later is not None:
            self._later.cancel()
            self._later = None
        if self._writing is not None and not self._writing.done():
            await asyncio.shield(self._writing)
        await self._write()

    close = flush

    async def _write(self) -> None:
        days, self._days = self._days, {}
        pending, self._pending = self._pending, []
        if not days and not pending:
            return
        try:
            async with in_transaction(QuestionDay._meta.default_connection) as db:
                for day, (messages, unanswered) in days.items():
                    _, created = await QuestionDay.get_or_create(
                        {"messages": messages, "unanswered": unanswered}, day=day, using_db=db)
                    if not created:
                        await QuestionDay.filter(day=day).using_db(db).update(
                            messages=F("messages") + messages, unanswered=F("unanswered") + unanswered)
                if pending:
                    await UnansweredQuestion.bulk_create(
                        [UnansweredQuestion(text=q.text, item=q.item, channel=q.channel, at=q.at) for q in pending],
                        using_db=db)
        except Exception:
            log.exception("questions: %d days and %d unanswered questions not written", len(days), len(pending))


@dataclass(frozen=True, slots=True)
class AskedOften:
    text: str
    times: int
    item: str | None
    last: datetime


async def unanswered_share(first: date, last: date) -> tuple[int, int]:
    """(messages, unanswered) from `first` to `last`, both included."""
    rows = await QuestionDay.filter(day__gte=first, day__lte=last)
    return sum(r.messages for r in rows), sum(r.unanswered for r in rows)


async def unanswered_questions(since: datetime, limit: int = 50) -> list[AskedOften]:
    """The questions not answered since `since`, the same text once, the most frequent first."""
    rows = await UnansweredQuestion.filter(at__gte=since).order_by("-at").limit(5000)
    grouped: dict[str, AskedOften] = {}
    for r in rows:
        key = r.text.strip()
        seen = grouped.get(key)
        if seen is None:
            grouped[key] = AskedOften(key, 1, r.item, r.at)
        else:
            grouped[key] = AskedOften(key, seen.times + 1, seen.item or r.item, seen.last)
    return sorted(grouped.values(), key=lambda q: (-q.times, -q.last.timestamp()))[:limit]
