"""A remembered failure: after the platform failed, calls fail at once for a while.

When the platform is unreachable every call costs its timeouts and retries; a thousand callers
each paying them is a storm that helps nobody. One failure opens the breaker for `cool_down`
seconds; meanwhile `check` raises PlatformUnavailable at once; the first call after that tries
the platform again (and a success closes the breaker).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .errors import PlatformUnavailable

COOL_DOWN = 30.0  # seconds calls fail fast after the platform failed


class Breaker:
    def __init__(self, cool_down: float = COOL_DOWN, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.cool_down, self._clock = cool_down, clock
        self._open_until = 0.0
        self._reason = ""

    @property
    def is_open(self) -> bool:
        return self._clock() < self._open_until

    def check(self, api: str) -> None:
        if self.is_open:
            raise PlatformUnavailable(api, f"failing fast for {self.cool_down:.0f} s after: {self._reason}")

    def trip(self, reason: str) -> None:
        self._open_until, self._reason = self._clock() + self.cool_down, reason

    def close(self) -> None:
        self._open_until = 0.0
