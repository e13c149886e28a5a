"""Prometheus metrics (prometheus-client): what operators watch, counted where it happens.

The metric objects are module-level, as loggers are: prometheus-client keeps one registry a process,
and under `serve --workers N` (or several `worker` processes on one machine) its multiprocess mode
adds them up from files in PROMETHEUS_MULTIPROC_DIR. That variable must be set before this module
is first imported (main.py sets var/metrics for `serve --workers N`); without it each process counts
in memory. Labels are closed sets (a route's canonical path, a door, a status code, an API name),
never a raw URL, an openid or a phone number.

Counting costs a dictionary lookup and an addition (children are cached by their labels).
"""

from __future__ import annotations

import os
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

# Seconds; the WeChat door must answer within 5 s (the reply deadline is 4 s by default).
REPLY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 10.0)

REQUESTS = Counter("yimen_http_requests", "HTTP requests by route (canonical path), method and status",
                   ("route", "method", "status"))
REPLY_SECONDS = Histogram("yimen_reply_seconds", "Time to answer a message at a door (wechat, robot, miniapp)",
                          ("door",), buckets=REPLY_BUCKETS)
LATE_REPLIES = Counter("yimen_late_replies", "WeChat replies not ready by the reply deadline, sent afterwards "
                       "as a customer-service message")
NLU_FALLBACKS = Counter("yimen_nlu_fallbacks", "Messages the assistant did not understand (the fallback answer)")
BOOKINGS = Counter("yimen_bookings", "Bookings made (not replays of a retried request), by who booked",
                   ("booked_by",))
PLATFORM_ERRORS = Counter("yimen_platform_errors", "Failed WeChat platform calls by API and kind "
                          "(unavailable: network, timeout, 5xx; errcode: the platform refused)", ("api", "kind"))

_requests: dict[tuple[str, str, int], object] = {}


def count_request(route: str, method: str, status: int) -> None:
    child = _requests.get((route, method, status))
    if child is None:
        child = _requests[(route, method, status)] = REQUESTS.labels(route, method, str(status))
    child.inc()  # type: ignore[attr-defined]


_doors = {door: REPLY_SECONDS.labels(door) for door in ("wechat", "robot", "miniapp")}


def observe_reply(door: str, seconds: float) -> None:
    _doors[door].observe(seconds)


def count_booking(booked_by: str) -> None:
    BOOKINGS.labels(booked_by).inc()


def count_platform_error(api: str, kind: str) -> None:
    PLATFORM_ERRORS.labels(api, kind).inc()


def multiprocess_dir() -> Path | None:
    raw = os.environ.get(MULTIPROC_ENV, "").strip()
    return Path(raw) if raw else None


def exposition() -> bytes:
    """The text format of every counter: this process's, or all processes' in multiprocess mode."""
    if multiprocess_dir() is None:
        from prometheus_client import REGISTRY

        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return generate_latest(registry)

