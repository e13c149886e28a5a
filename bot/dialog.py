"""Dialog state: what the conversation with one citizen is about.

One JSON value per citizen, refreshed on every turn and forgotten after half an hour of
silence; one lock per citizen so that two messages sent at once are answered in order.
`Dialogs.turn(channel, user)` holds the citizen's lock, hands the turn their state and keeps
what the turn made of it (a turn that fails keeps nothing). Two keepers:

- `RedisDialogs` (with REDIS_URL, shared by every process): two round trips a turn, one Lua
  script that takes the lock and reads the state, one that writes the state and lets go.
- `LocalDialogs` (the embedded default, one process by design): the lock and the state in this
  process' memory, no Redis call at all and no JSON: the state object itself is kept, and a turn
  works on a copy of it (so a failing turn keeps nothing). The in-process Redis dies with the process too, so a
  restart forgets exactly what it forgot before: a half-done conversation starts over.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time as clock
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time
from typing import Any, Literal, Protocol, get_args

from redis.asyncio import Redis
from redis.exceptions import LockError

from intents import PartOfDay

STATE_TTL = 30 * 60  # seconds of silence after which the topic is forgotten
LOCK_TIMEOUT = 30  # a crashed turn frees its citizen after this many seconds
LOCK_POLL = 0.1  # seconds between two tries for a Redis lock another turn holds (redis-py's default)
MAX_LOCAL_DIALOGS = 100_000  # citizens whose state one process keeps; the least recent go first

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
    "expiry_date",  # a card's reminder was turned on: the day it expires? `pending` holds the topic; no options
    "reminder_topic",  # menu 5: which reminder to turn on: topic codes
    "hall_card",  # a hall's address was just told: "张槎的呢" asks it for another hall; no options
    "bundle_offer",  # a life event (一件事) offered: "start" (or "book" on the robot), "single"
    "bundle_form",  # its one form: the fields still missing are asked; no options
    "bundle_confirm",  # the form filled: submit it? "yes", "no"
    "bundle_vault",  # fill the form from kept materials? "yes", "no"; the file ids in `pending`
    "vault_delete",  # delete these kept materials? "yes", "no"; the file ids in `pending`
    "vault_consent",  # kept materials offered for a pre-check: reuse them? "yes", "no"; the file ids in `pending`
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
    week: date | None = None  # "下周" said without a day: that week's Monday; the days offered start there

    def clear_time(self) -> None:
        self.time = self.part = self.start = None

    def to_json(self) -> dict[str, str | bool | None]:
        return {
            "item": self.item, "hall": self.hall, "moving": self.moving, "part": self.part, "paused": self.paused,
            "dropped": self.dropped, "before": self.before,
            "wanted": self.wanted.isoformat() if self.wanted else None,
            "week": self.week.isoformat() if self.week else None,
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
            wanted=parsed("wanted", date.fromisoformat), week=parsed("week", date.fromisoformat),
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
    bundle: str | None = None  # the life event (一件事) on offer or being filled in
    answers: dict[str, str] = field(default_factory=dict)  # its form so far (personal data: never logged)

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

    def copy(self) -> DialogState:
        """A state of its own: what a turn changes in it leaves this one as it was (every field but
        the options and the booking is immutable, and a booking's slots are)."""
        return replace(self, options=list(self.options), booking=replace(self.booking) if self.booking else None,
                       answers=dict(self.answers))

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


def _state_of(raw: str | bytes | None) -> DialogState:
    if not raw:
        return DialogState()
    try:
        return DialogState.from_json(json.loads(raw))
    except (TypeError, ValueError, AttributeError):  # a state written by an older version: start afresh
        return DialogState()


def _dump(state: DialogState) -> str:
    return json.dumps(state.to_json(), ensure_ascii=False)


async def load_state(redis: Redis, channel: str, user: str) -> DialogState:
    return _state_of(await redis.get(_key(channel, user)))


async def save_state(redis: Redis, channel: str, user: str, state: DialogState) -> None:
    await redis.set(_key(channel, user), _dump(state), ex=STATE_TTL)


class Dialogs(Protocol):
    def turn(self, channel: str, user: str) -> AbstractAsyncContextManager[DialogState]: ...


# KEYS: the lock, the state, the count of turns taken. Took the lock: {1, state or "", this turn's number};
# another turn holds it: {0, "", 0}.
LOCK_AND_LOAD = """
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local turn = redis.call('incr', KEYS[3])
  redis.call('expire', KEYS[3], ARGV[3])
  return {1, redis.call('get', KEYS[2]) or '', turn}
end
return {0, '', 0}
"""
# KEYS: the lock, the state, the count of turns; ARGV: the lock's token, the state ('' keeps it as it is), its
# TTL, this turn's number. A turn whose lock was lost (expired, or gone with a Redis restart) saves only when no
# other turn took the lock since: one that did read the state after this turn began, and its state wins.
SAVE_AND_RELEASE = """
local turn = redis.call('get', KEYS[3])
if ARGV[2] ~= '' and (turn == ARGV[4] or turn == false) then
  redis.call('set', KEYS[2], ARGV[2], 'EX', ARGV[3])
end
if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) end
return 1
"""


class RedisDialogs:
    """State and lock in Redis, for every process: one script before the turn, one after."""

    def __init__(self, redis: Redis) -> None:
        self._lock_and_load = redis.register_script(LOCK_AND_LOAD)
        self._save_and_release = redis.register_script(SAVE_AND_RELEASE)

    @asynccontextmanager
    async def turn(self, channel: str, user: str) -> AsyncIterator[DialogState]:
        key = _key(channel, user)
        keys, token = [f"lock:{key}", key, f"turns:{key}"], secrets.token_hex(16)
        deadline = asyncio.get_running_loop().time() + LOCK_TIMEOUT
        while True:
            took, raw, number = await self._lock_and_load(keys=keys, args=[token, LOCK_TIMEOUT * 1000, 2 * STATE_TTL])
            if int(took):
                break
            if asyncio.get_running_loop().time() >= deadline:
                raise LockError("Unable to acquire lock within the time specified")
            await asyncio.sleep(LOCK_POLL)
        saved = ""
        try:
            state = _state_of(raw)
            yield state
            saved = _dump(state)
        finally:
            await self._save_and_release(keys=keys, args=[token, saved, STATE_TTL, number])


class LocalDialogs:
    """State and lock in this process' memory (the embedded default: one process)."""

    def __init__(self, *, size: int = MAX_LOCAL_DIALOGS, clock: Callable[[], float] = clock.monotonic) -> None:
        self._size, self._clock = size, clock
        self._states: OrderedDict[str, tuple[DialogState, float]] = OrderedDict()  # key → (state, forgotten at)
        self._locks: dict[str, tuple[asyncio.Lock, list[int]]] = {}  # key → (lock, [turns holding or waiting])

    @asynccontextmanager
    async def turn(self, channel: str, user: str) -> AsyncIterator[DialogState]:
        key = _key(channel, user)
        entry = self._locks.get(key)
        if entry is None:
            entry = self._locks[key] = (asyncio.Lock(), [0])
        lock, users = entry
        users[0] += 1
        try:
            if users[0] > 1:  # another turn of this citizen holds the lock or waits: wait, not forever
                try:
                    async with asyncio.timeout(LOCK_TIMEOUT):
                        await lock.acquire()
                except TimeoutError:
                    raise LockError("Unable to acquire lock within the time specified") from None
            else:
                await lock.acquire()  # this turn alone: free, taken at once
            try:
                state = self._load(key)
                yield state
                self._save(key, state)
            finally:
                lock.release()
        finally:
            users[0] -= 1
            if not users[0]:
                del self._locks[key]

    def _load(self, key: str) -> DialogState:
        kept = self._states.get(key)
        if kept is None or kept[1] <= self._clock():
            return DialogState()
        return kept[0].copy()

    def _save(self, key: str, state: DialogState) -> None:
        self._states[key] = (state, self._clock() + STATE_TTL)
        self._states.move_to_end(key)
        if len(self._states) > self._size:
            self._states.popitem(last=False)
