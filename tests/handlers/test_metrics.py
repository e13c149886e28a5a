"""/metrics: requests counted by route (canonical path) and status, never a URL, openid or phone; who may read it."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.settings import Settings
from handlers.app import create_app
from tests import backend
from tests.wechat.callback import (  # noqa: F401  (fixtures: settings, wechat, wechat_platform)
    OPENID,
    WeChatSender,
    message,
    settings,
    wechat,
    wechat_platform,
)

PHONE = "13812345678"
TOKEN = "metrics-token-for-the-tests-0001"


@pytest.fixture
def mode() -> str:
    return "plain"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def requests_of(found: dict, route: str, method: str, status: str) -> float:
    labels = (("method", method), ("route", route), ("status", status))
    return found.get(("yimen_http_requests_total", labels), 0.0)


async def scrape(client) -> tuple[str, dict]:
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    text = await response.text()
    return text, samples(text)


async def test_a_request_is_counted_by_its_route_and_status_without_personal_data(wechat: WeChatSender):
    client = wechat.client
    _, before = await scrape(client)
    answer = await wechat.send(message("text", Content=f"我的电话是{PHONE}，换身份证要带什么"))
    assert answer.status == 200
    assert (await client.get(f"/api/v1/catalog/items/{PHONE}")).status == 404
    assert (await client.get(f"/no/such/{PHONE}")).status == 404
    text, after = await scrape(client)
    assert requests_of(after, "/wechat", "POST", "200") == requests_of(before, "/wechat", "POST", "200") + 1
    item = "/api/v1/catalog/items/{code}"
    assert requests_of(after, item, "GET", "404") == requests_of(before, item, "GET", "404") + 1
    assert requests_of(after, "unmatched", "GET", "404") == requests_of(before, "unmatched", "GET", "404") + 1
    replies = ("yimen_reply_seconds_count", (("door", "wechat"),))
    assert after[replies] == before.get(replies, 0.0) + 1
    assert OPENID not in text and PHONE not in text and "oYmn" not in text
    assert ("yimen_outbox_due", ()) in after and ("yimen_outbox_lag_seconds", ()) in after


async def test_a_not_understood_message_counts_a_fallback(wechat: WeChatSender):
    _, before = await scrape(wechat.client)
    assert (await wechat.send(message("text", Content="量子纠缠的哲学意义"))).status == 200
    _, after = await scrape(wechat.client)
    key = ("yimen_nlu_fallbacks_total", ())
    assert after[key] == before.get(key, 0.0) + 1


async def test_metrics_refuse_a_proxied_request_without_the_token(client):
    response = await client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status == 403
    assert "yimen_http_requests" not in await response.text()


@pytest.fixture
async def token_client(aiohttp_client, tmp_path, clock):
    settings = Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(), metrics_token=TOKEN)
    return await aiohttp_client(create_app(settings, clock=clock))


async def test_with_a_token_metrics_need_it_from_anywhere(token_client):
    assert (await token_client.get("/metrics")).status == 401
    wrong = await token_client.get("/metrics", headers={"Authorization": "Bearer " + "x" * len(TOKEN)})
    assert wrong.status == 401
    proxied = await token_client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}",
                                                          "X-Forwarded-For": "203.0.113.9"})
    assert proxied.status == 200
    assert "yimen_http_requests_total" in await proxied.text()
