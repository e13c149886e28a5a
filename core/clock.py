"""The clock: the edge asks it once per request or job and passes `now` down."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(SHANGHAI)


class FixedClock:
    """A clock for tests and the `nlu --now` command; `advance` moves it on."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            at = at.replace(tzinfo=SHANGHAI)
        self._at = at.astimezone(SHANGHAI)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(SHANGHAI)
