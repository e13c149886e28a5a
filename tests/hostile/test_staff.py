"""Hostile input at the staff door, /api/staff/v1."""

from __future__ import annotations

import json

import pytest

from .conftest import STAFF_TOKEN
from .rows import HUGE_HEADER, MB, Row, answer, rows

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}", "Content-Type": "application/json"}

TABLE = rows(
    Row("no token", "GET", "/api/staff/v1/halls/zumiao/days/2026-11-25", 401),
    Row("bad token", "GET", "/api/staff/v1/halls/zumiao/days/2026-11-25", 401,
        headers={"Authorization": "Bearer " + STAFF_TOKEN[:-1] + "x"}),
    Row("token prefix", "GET", "/api/staff/v1/halls/zumiao/days/2026-11-25", 401,
        headers={"Authorization": "Bearer " + STAFF_TOKEN[:10]}),
    Row("citizen's scheme", "GET", "/api/staff/v1/halls/zumiao/days/2026-11-25", 401,
        headers={"Authorization": "Basic " + STAFF_TOKEN}),
    Row("malformed json", "POST", "/api/staff/v1/checkins", 400, b'{"code": ', STAFF),
    Row("wrong types", "POST", "/api/staff/v1/checkins", 422, json.dumps({"code": 1, "hall": []}).encode(), STAFF),
    Row("control characters", "POST", "/api/staff/v1/checkins", 404,
        json.dumps({"code": "AB\u0000\r\nCD", "hall": "zumiao"}).encode(), STAFF),
    Row("impossible date", "GET", "/api/staff/v1/halls/zumiao/days/2026-02-30", 422, headers=STAFF),
    Row("over 1 MB", "POST", "/api/staff/v1/checkins", 413, b'{"code": "' + b"a" * (MB + 10) + b'"}', STAFF),
    Row("huge header", "GET", "/api/staff/v1/halls/zumiao/days/2026-11-25", 400,
        headers={**STAFF, "X-Padding": HUGE_HEADER}),
    Row("newline in the path", "GET", "/api/staff/v1/halls/zumiao%0aGET%20/api/staff%20200", 404, headers=STAFF),
)


@pytest.mark.parametrize("row", TABLE)
async def test_a_hostile_staff_request_is_refused_in_time(client, row: Row):
    status, body = await answer(client, row)
    assert status == row.status, (row.name, body[:200])
