"""A body over the size limit (handlers/app.py MAX_BODY) is refused with 413 at every door, before any login."""

from __future__ import annotations

import pytest

from handlers.app import MAX_BODY

TOO_LARGE = b"x" * (MAX_BODY + 100 * 1024)  # 1.1 MB


@pytest.mark.parametrize("path", [
    "/api/v1/sessions",
    "/api/v1/appointments",
    "/api/v1/chat/messages",
    "/robot/v1/messages",
    "/api/staff/v1/checkins",
])
async def test_a_body_over_the_limit_is_413_in_the_error_shape(client, path):
    response = await client.post(path, data=TOO_LARGE, headers={"Content-Type": "application/json"})
    assert response.status == 413, await response.text()
    assert await response.json() == {"error": {"code": "too_large", "message": "请求内容太大，请缩短后再试。"}}


async def test_a_body_over_the_limit_at_the_official_account_is_413(client):
    response = await client.post("/wechat?signature=x&timestamp=1&nonce=n", data=TOO_LARGE)
    assert response.status == 413


async def test_a_body_just_under_the_limit_is_read(client):
    response = await client.post("/api/v1/sessions", data=b" " * (MAX_BODY - 10) + b"{}",
                                 headers={"Content-Type": "application/json"})
    assert response.status == 422  # read, parsed, then refused for its content


async def chunks():
    for _ in range(11):
        yield b"x" * (100 * 1024)


@pytest.mark.parametrize("path", ["/api/v1/sessions", "/robot/v1/messages"])
async def test_a_chunked_body_over_the_limit_is_413_when_read(client, path):
    response = await client.post(path, data=chunks(), headers={"Content-Type": "application/json"})
    assert "Content-Length" not in response.request_info.headers
    assert response.status == 413, await response.text()
    assert (await response.json())["error"]["code"] == "too_large"
