"""The platform's rules and ours, as plain functions of time and error codes.

    quiet hours   no pushes 21:00–08:00 Asia/Shanghai: a row due then waits for 08:00
    daily cap     at most DAILY_CAP messages a citizen a day; more wait for the next morning
    errors        43101 (the citizen refused) and the other permanent codes are final; network
                  errors, -1 (busy) and 45009 (frequency limit) are retried with exponential backoff
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from core.clock import SHANGHAI

QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)
DAILY_CAP = 3  # messages a citizen a day, every rule together
MAX_ATTEMPTS = 6
BACKOFF = timedelta(seconds=60)  # before the second attempt; doubled each time
MAX_BACKOFF = timedelta(hours=2)
LEASE = timedelta(minutes=5)  # how long a dispatcher holds claimed rows before others may take them

RETRIED_CODES = frozenset({-1, 45009})  # system busy; API frequency limit reached
# Final: refused (43101), not following (43004), bad openid (40003), bad template (40037), the 48 hours
# passed (45015), too many replies (45047), bad data (47003), subscription required (43100); from the
# mini-program's subscribeMessage.send also: the openid is another app's (43104), a bad page (41030).
# Every code not retried is final (judge); this list names the ones seen.
PERMANENT_CODES = frozenset({43101, 43004, 40003, 40037, 45015, 45047, 47003, 43100, 40036, 43104, 41030})


def quiet(at: datetime) -> bool:
    local = at.astimezone(SHANGHAI).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def next_morning(at: datetime) -> datetime:
    """08:00 of the coming morning: today's if before 08:00, else tomorrow's."""
    local = at.astimezone(SHANGHAI)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, SHANGHAI)


def allowed_from(at: datetime) -> datetime:
    """`at` itself, or the end of the quiet hours it falls in."""
    return next_morning(at) if quiet(at) else at


def day_start(at: datetime) -> datetime:
    return datetime.combine(at.astimezone(SHANGHAI).date(), time(0), SHANGHAI)


def backoff(attempts: int) -> timedelta:
    """The wait after `attempts` failed tries (1 → 60 s, 2 → 120 s, …, at most two hours)."""
    return min(BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


@dataclass(frozen=True)
class Verdict:
    retry: bool
    reason: str


def judge(errcode: int | None, reason: str) -> Verdict:
    """What a failed send means: None is a network error or no usable answer (retried)."""
    if errcode is None or errcode in RETRIED_CODES:
        return Verdict(True, reason)
    if errcode == 43101:
        return Verdict(False, "refused by the citizen (43101)")
    return Verdict(False, reason)
