"""Catalog search (the chat's understanding) and the complete standard guide of an item."""

from __future__ import annotations

from handlers.keys import catalog_key

from .test_login import assert_error


async def test_search_ranks_items_as_the_chat_understands_them(client):
    response = await client.get("/api/v1/catalog/search", params={"q": "换身份证"})
    assert response.status == 200
    body = await response.json()
    assert body["query"] == "换身份证"
    assert body["understanding"]["intent"] == "ask_guide"
    assert body["understanding"]["item"] == "id_card_renewal"
    assert body["results"][0]["code"] == "id_card_renewal"
    assert {"code", "name", "short_name", "department", "summary", "online_depth", "score"} <= set(body["results"][0])


async def test_an_ambiguous_search_offers_several_items(client):
    body = await (await client.get("/api/v1/catalog/search", params={"q": "身份证", "limit": 3})).json()
    codes = [r["code"] for r in body["results"]]
    assert 2 <= len(codes) <= 3
    assert all(c.startswith("id_card") for c in codes[:2])


async def test_search_needs_a_query_of_sensible_size(client):
    for params in ({}, {"q": ""}, {"q": "办" * 101}, {"q": "社保", "limit": "0"}, {"q": "社保", "limit": "x"}):
        response = await client.get("/api/v1/catalog/search", params=params)
        assert response.status == 422, params
        assert_error(await response.json(), "invalid_input")


async def test_items_list_every_item_and_filters(client):
    catalog = client.app[catalog_key]
    body = await (await client.get("/api/v1/catalog/items")).json()
    assert len(body["items"]) == len(catalog.items)
    police = await (await client.get("/api/v1/catalog/items", params={"department": "公安"})).json()
    assert police["items"] and all(i["department"] == "公安" for i in police["items"])
    assert (await client.get("/api/v1/catalog/items", params={"kind": "nobody"})).status == 422


async def test_item_detail_is_the_complete_standard_guide(client):
    catalog = client.app[catalog_key]
    item = catalog.items["id_card_renewal"]
    response = await client.get("/api/v1/catalog/items/id_card_renewal")
    assert response.status == 200
    body = await response.json()
    for name in ("code", "name", "summary", "conditions", "legal_days", "promised_days", "on_the_spot", "fee", "free",
                 "online_depth", "online_channel", "max_visits", "process", "stages", "situations"):
        assert name in body, name
    assert len(body["materials"]) == len(item.materials)
    first = body["materials"][0]
    assert {"name", "form", "count", "reusable", "when"} <= set(first)
    assert first["form"] == item.materials[0].form and first["count"] == item.materials[0].count
    assert [s["code"] for s in body["situations"]] == [s.code for s in item.situations]
    assert [h["code"] for h in body["halls"]] == list(item.halls)
    hall = body["halls"][0]
    assert hall["address"] and hall["phone"] and hall["hours"]["weekdays"]


async def test_an_unknown_item_is_404_in_the_error_shape(client):
    for code in ("no_such_item", "Bad-Code", "x"):
        response = await client.get(f"/api/v1/catalog/items/{code}")
        assert response.status == 404, code
        assert_error(await response.json(), "unknown_item")
