"""Dialog state: what the conversation with one citizen is about, kept in Redis.

One JSON value per citizen, refreshed on every turn and forgotten after half an hour of
silence; one lock per citizen so that two messages sent at once are answered in order.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal, get_args

from redis.asyncio import Redis

from intents import PartOfDay

STATE_TTL = 30 * 60  # seconds of silence after which the topic is forgotten
LOCK_TIMEOUT = 30  # a crashed turn frees its citizen after this many seconds

# The question on screen, whose numbered options are in DialogState.options.
Awaiting = Literal[
    "item",  # which item (guide): options are item codes
    "situation",  # which 办事情形: situation codes
    "notice_more",  # the rest of the notice on offer: aspect codes, and "book"
    "book_item",  # booking, which item: asked in words, no options
    "book_hall",  # booking, which hall: hall codes
    "book_date",  # booking, which day: ISO dates
    "book_time",  # booking, which slot: ISO date-times
    "book_confirm",  # booking, confirm or choose again: "yes", "no"
    "book_move",  # the item is booked already, move that booking: "yes", "no"
    "cancel_pick",  # which booking to cancel: booking codes
    "cancel_confirm",  # cancel this booking? "yes", "no"; the booking code in DialogState.pending
    "menu",  # the greeting's numbered menu: menu entry codes
    "complaint_more",  # a complaint was just recorded: what follows adds to it; its id in `pending`
    "staff_wait",  # a person was asked for: the citizen waits; no options
    "hours",  # opening hours were just told: "那周六呢" asks them for another day or hall; no options
]
AWAITING: frozenset[str] = frozenset(get_args(Awaiting))


@dataclass
class BookingSlots:
    """What a booking in progress knows so far; each slot from free text or a numbered choice."""

    item: str | None = None  # catalog code
    hall: str | None = None  # hall code
    day: date | None = None
    time: time | None = None  # an exact time asked for ("下午三点")
    part: PartOfDay | None = None  # or a part of the day ("上午")
    start: datetime | None = None  # the slot chosen, to be confirmed
    moving: str | None = None  # the booking code being moved to the new time
    paused: bool = False  # set aside while the citizen asked something else; "继续" takes it up again
    dropped: bool = False  # and the citizen said "先不约了": kept quietly for "还是约吧", never recalled
    before: str | None = None  # the hall chosen before the citizen named another (back to it if that one cannot)
    wanted: date | None = None  # a day refused at this hall only (周六 at a street hall): kept for another hall

    def clear_time(self) -> None:
        self.time = self.part = self.start = None

    def to_json(self) -> dict[str, str | bool | None]:
        return {
            "item": self.item, "hall": self.hall, "moving": self.moving, "part": self.part, "paused": self.paused,
            "dropped": self.dropped, "before": self.before,
            "wanted": self.wanted.isoformat() if self.wanted else None,
            "day": self.day.isoformat() if self.day else None,
            "time": self.time.strftime("%H:%M") if self.time else None,
            "start": self.start.isoformat() if self.start else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BookingSlots:
        def parsed(name: str, parse: Any) -> Any:
            return parse(data[name]) if data.get(name) else None

        part = data.get("part")
        return cls(
            item=data.get("item"), hall=data.get("hall"), moving=data.get("moving"), paused=bool(data.get("paused")),
            dropped=bool(data.get("dropped")), before=data.get("before"),
            wanted=parsed("wanted", date.fromisoformat),
            part=part if part in ("am", "pm") else None,
            day=parsed("day", date.fromisoformat), time=parsed("time", time.fromisoformat),
            start=parsed("start", datetime.fromisoformat),
        )


@dataclass
class DialogState:
    item: str | None = None  # the item under discussion
    situation: str | None = None  # the 办事情形 the citizen chose for that item
    aspect: str | None = None  # what they asked about it, kept while they choose
    told: str | None = None  # the item whose complete notice they have already been given
    awaiting: Awaiting | None = None  # the question on screen
    options: list[str] = field(default_factory=list)  # what the numbers 1, 2, 3 stand for
    booking: BookingSlots | None = None  # a booking in progress
    pending: str | None = None  # what a yes/no question on screen is about (a booking code)
    retries: int = 0  # answers to the question on screen not understood so far

    @property
    def booking_paused(self) -> bool:
        return self.booking is not None and self.booking.paused

    def choose(self, number: int | None) -> str | None:
        if number is None or not 1 <= number <= len(self.options):
            return None
        return self.options[number - 1]

    def offer(self, awaiting: Awaiting, options: list[str]) -> None:
        if awaiting != self.awaiting:
            self.retries = 0
        self.awaiting, self.options = awaiting, options

    def settle(self) -> None:
        self.awaiting, self.options, self.pending, self.retries = None, [], None, 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["booking"] = self.booking.to_json() if self.booking else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DialogState:
        booking = data.pop("booking", None)
        state = cls(**data)
        if state.awaiting is not None and state.awaiting not in AWAITING:
            raise ValueError(f"unknown question {state.awaiting!r}")
        state.booking = BookingSlots.from_json(booking) if booking else None
        return state


def _key(channel: str, user: str) -> str:
    return f"dialog:{channel}:{user}"


async def load_state(redis: Redis, channel: str, user: str) -> DialogState:
    raw = await redis.get(_key(channel, user))
    if not raw:
        return DialogState()
    try:
        return DialogState.from_json(json.loads(raw))
    except (TypeError, ValueError, AttributeError):  # a state written by an older version: start afresh
        return DialogState()


async def save_state(redis: Redis, channel: str, user: str, state: DialogState) -> None:
    await redis.set(_key(channel, user), json.dumps(state.to_json(), ensure_ascii=False), ex=STATE_TTL)


@asynccontextmanager
async def citizen_turn(redis: Redis, channel: str, user: str) -> AsyncIterator[None]:
    """Serialise the turns of one citizen across tasks and processes."""
    async with redis.lock(f"lock:{_key(channel, user)}", timeout=LOCK_TIMEOUT, blocking_timeout=LOCK_TIMEOUT):
        yield
