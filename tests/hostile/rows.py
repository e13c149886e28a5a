"""The shared part of the hostile-input suite: a row is one request, the status it must answer and the
time it must answer within; no row may ever answer 5xx."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from yarl import URL

MB = 1024 * 1024
HUGE_HEADER = "x" * 9000  # past aiohttp's 8190-byte limit for one header line
Prepare = Callable[[bytes], Mapping[str, str]]  # the body → extra headers or query (signatures)


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    path: str  # already percent-encoded: sent as written
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, str] = field(default_factory=dict)
    within: float = 2.0  # seconds
    pending: str | None = None  # a reason: the row is xfail(strict=False) until another change lands

    def param(self) -> Any:
        marks = [pytest.mark.xfail(strict=False, reason=self.pending)] if self.pending else []
        return pytest.param(self, id=self.name, marks=marks)


def rows(*table: Row) -> list[Any]:
    return [row.param() for row in table]


async def answer(client: TestClient, row: Row, *, headers: Mapping[str, str] | None = None,
                 params: Mapping[str, str] | None = None) -> tuple[int, bytes]:
    """Send the row; assert it answers in time and never 5xx; the status and body."""
    url = URL(str(client.make_url("/")).rstrip("/") + row.path, encoded=True)
    if params or row.params:
        url = url.update_query({**row.params, **(params or {})})
    started = time.monotonic()
    async with client.session.request(row.method, url, data=row.body or None,
                                      headers={**row.headers, **(headers or {})}) as response:
        body = await response.read()
        status = response.status
    elapsed = time.monotonic() - started
    assert status < 500, (row.name, status, body[:300])
    assert elapsed < row.within, (row.name, f"{elapsed:.2f}s")
    return status, body
