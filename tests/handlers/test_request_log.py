"""Request ids (X-Request-Id accepted when well formed, echoed) and JSON log lines (YIMEN_LOG_FORMAT=json),
over real HTTP into a log file as `main.py serve` configures it."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from core.privacy import configure_logging
from handlers.app import create_app
from tests.handlers.test_log_masking import serve, text_of

ID_NUMBER = "44060419900101123X"
PHONE = "13812345678"
OPENID = "oYmnT0penidCitizen000001abcd"


async def test_a_well_formed_request_id_is_echoed(client):
    response = await client.get("/healthz", headers={"X-Request-Id": "a1b2c3d4e5f60718293a4b5c6d7e8f90"})
    assert response.headers["X-Request-Id"] == "a1b2c3d4e5f60718293a4b5c6d7e8f90"


@pytest.mark.parametrize("given", [None, "short", "x" * 65, "a1b2c3d4<script>", "id with spaces 1234"])
async def test_a_missing_or_malformed_request_id_is_replaced(client, given):
    headers = {"X-Request-Id": given} if given is not None else {}
    response = await client.get("/no/such/page", headers=headers)
    assert response.status == 404
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-Id"])


async def test_each_request_gets_its_own_id(client):
    first = (await client.get("/healthz")).headers["X-Request-Id"]
    second = (await client.get("/healthz")).headers["X-Request-Id"]
    assert first != second


@pytest.fixture
def json_log(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    path = tmp_path / "yimen.jsonl"
    configure_logging(stream=path.open("w", encoding="utf-8"), log_format="json")
    yield path
    for handler in root.handlers:
        handler.close()
    root.handlers[:], level = saved
    root.setLevel(level)


def lines_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in text_of(path).splitlines()]  # every line is one JSON object


async def test_json_lines_parse_carry_the_request_id_and_are_masked(settings, clock, json_log):
    async def leaky(request: web.Request) -> web.Response:
        try:
            raise ValueError(f"bad id {ID_NUMBER}")
        except ValueError:
            logging.getLogger("yimen.test").exception("citizen %s phone %s\nforged line", OPENID, PHONE)
        return web.Response(text="ok")

    app = create_app(settings, clock=clock)
    app.router.add_get("/leaky", leaky)
    async for base in serve(app):
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/leaky", headers={"X-Request-Id": "req-0000-1111"}) as response:
                assert response.headers["X-Request-Id"] == "req-0000-1111"
            async with http.get(f"{base}/no/{PHONE}", params={"openid": OPENID}) as response:
                assert response.status == 404
                other = response.headers["X-Request-Id"]
    text = text_of(json_log)
    for secret in (ID_NUMBER, PHONE, OPENID):
        assert secret not in text
    lines = lines_of(json_log)
    leaked = next(line for line in lines if line["logger"] == "yimen.test")
    assert leaked["request_id"] == "req-0000-1111"
    assert leaked["level"] == "ERROR" and "4406**********123X" in leaked["exception"]
    assert "138****5678" in leaked["message"] and "forged line" in leaked["message"]
    access = [line for line in lines if line.get("status") == 404]
    assert access and access[0]["request_id"] == other
    assert access[0]["route"] == "unmatched" and access[0]["path"] == "/no/138****5678"
    assert "openid" not in access[0]["path"]


def test_the_default_log_stays_readable_text(tmp_path):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    path = tmp_path / "yimen.log"
    try:
        configure_logging(stream=path.open("w", encoding="utf-8"))
        logging.getLogger("yimen.test").info("phone %s", PHONE)
        line = text_of(path).strip()
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:], level = saved
        root.setLevel(level)
    assert line.endswith("INFO yimen.test: phone 138****5678")
