"""The 48-hour customer-service windows this process opened lately, so that a message does not
cost a Redis call for a window noted a moment ago.

Each message a citizen writes opens the window (notify.note_message: one SET and one GETDEL, a
pipeline; in the embedded default that is fakeredis, ~250 µs of CPU). A citizen who wrote within
NOTE_AGAIN seconds (by the app's clock) is not noted again. Nothing is lost by it: a staff reply
waits for a citizen's next message only when the window is closed at dispatch (notify/dispatch.py
checks `within_window` before and after `await_message`), and a window noted NOTE_AGAIN seconds
ago is open; the window merely closes up to NOTE_AGAIN seconds early, so a push is held, never
sent outside it.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from redis.asyncio import Redis

from notify import note_message

NOTE_AGAIN = 60.0  # seconds: a window noted this recently is not noted again
MAX_NOTED = 50_000  # citizens remembered; the least recent dropped first


class NotedWindows:
    def __init__(self, redis: Redis, *, again: float = NOTE_AGAIN, size: int = MAX_NOTED) -> None:
        self._redis, self._again, self._size = redis, again, size
        self._noted: OrderedDict[str, float] = OrderedDict()  # citizen → when noted (Unix seconds)

    async def note(self, citizen: str, at: datetime) -> None:
        """notify.note_message, unless this process noted the citizen's window NOTE_AGAIN seconds ago."""
        when = at.timestamp()
        last = self._noted.get(citizen)
        if last is not None and 0 <= when - last < self._again:
            return
        await note_message(self._redis, citizen, at)
        self._noted[citizen] = when
        self._noted.move_to_end(citizen)
        if len(self._noted) > self._size:
            self._noted.popitem(last=False)
