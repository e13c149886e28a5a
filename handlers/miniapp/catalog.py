"""The catalog for the app, open to anyone (it is public information):

    GET /api/v1/catalog/search?q=身份证[&limit=5]  the same understanding as chat; best match first
    GET /api/v1/catalog/items[?department=&kind=]  every item, in short
    GET /api/v1/catalog/items/{code}               the complete standard guide of one item
"""

from __future__ import annotations

from aiohttp import web

from intents import understand

from ..keys import assistant_key, catalog_key, clock_key
from ..validation import read_path, read_query
from .errors import api_error
from .models import ItemDetail, ItemList, ItemPath, ItemsQuery, ItemSummary, SearchQuery, SearchResult
from .responses import model_response

UNKNOWN_ITEM = ("unknown_item", "没有这个事项，请从事项列表里选择。")


async def get_search(request: web.Request) -> web.Response:
    query = read_query(request, SearchQuery)
    u = understand(request.app[assistant_key].nlu, query.q, request.app[clock_key].now())
    return model_response(SearchResult.of(query.q, u, request.app[catalog_key], query.limit))


async def get_items(request: web.Request) -> web.Response:
    query = read_query(request, ItemsQuery)
    items = [
        ItemSummary.of(item)
        for item in request.app[catalog_key].items.values()
        if (query.department is None or item.department == query.department)
        and (query.kind is None or item.kind == query.kind)
    ]
    return model_response(ItemList(items=items))


async def get_item(request: web.Request) -> web.Response:
    code = read_path(request, ItemPath, not_found=UNKNOWN_ITEM).code
    catalog = request.app[catalog_key]
    item = catalog.item(code)
    if item is None:
        raise api_error(404, *UNKNOWN_ITEM)
    return model_response(ItemDetail.of(item, catalog))
